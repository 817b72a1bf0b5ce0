package io.github.jnibuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A fixed number of native scratch blocks, each lent to one live thread at a time, for C to fill before Java copies
 * the bytes out ({@link ArrayFiller}). Native memory stays bounded however many threads there are: a million
 * short-lived virtual threads share the same few blocks. (A block per thread, held by a ThreadLocal, grew the peak
 * resident memory of a million virtual threads by hundreds of megabytes: each block lived until the GC found its
 * thread dead.)
 *
 * <p>A thread's block is chosen by its id. The first fill claims it with one compare-and-set, and later fills by the
 * same thread find themselves in the owner with plain reads: no atomic instruction, which costs a few nanoseconds on
 * some CPUs, on the steady path. The owner is never replaced while it is alive, so only the owner itself can find
 * itself there. "Itself" is decided by the Thread object ({@code refersTo}), not by the id alone: {@code getId()}
 * may be overridden, and two live threads may then report the same id. The id only rules out most other threads
 * quickly. A block whose owner has died is claimed again. The owner is held weakly, so that a dead thread (and its
 * context class loader) is never kept reachable from here. A thread whose block belongs to another live thread gets
 * none, and the caller takes another route.
 */
final class ScratchBlocks {
    /**
     * Enough for this many threads to fill small arrays concurrently before any of them gets no block. A power of
     * two, so that a thread's block is found with a mask rather than a division.
     */
    private static final int BLOCKS = 64;

    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(Block.class, "owner", Owner.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Native memory of a direct ByteBuffer, freed by the JDK if the buffer is ever collected. Its fields are final,
     * so a thread that sees a Memory sees both, whoever created it.
     */
    record Memory(ByteBuffer buffer, long address) {}

    /**
     * Who holds a block: the thread's id, a cheap first check on every fill, and the thread, for the identity check
     * that follows and the liveness check.
     */
    private record Owner(long id, WeakReference<Thread> thread) {}

    private static final class Block {
        private Owner owner; // replaced by compare-and-set only
        private Memory memory; // allocated by the first owner, then kept
    }

    private final Block[] blocks = new Block[BLOCKS];
    private final int size;

    /** Blocks of {@code size} bytes, each allocated when first claimed. */
    ScratchBlocks(int size) {
        this.size = size;
        for (int i = 0; i < BLOCKS; i++) {
            blocks[i] = new Block();
        }
    }

    /** The current thread's block, or null if it is lent to another thread that is still alive. */
    @SuppressWarnings("deprecation") // Thread.getId(): threadId() is JDK 19+, and this library targets Java 17
    Memory claim() {
        Thread me = Thread.currentThread();
        long id = me.getId();
        Block block = blocks[(int) id & (BLOCKS - 1)];
        Owner owner = block.owner;
        if (owner == null || owner.id() != id || !owner.thread().refersTo(me)) {
            Thread holder = owner == null ? null : owner.thread().get();
            if (holder != null && holder.isAlive()
                    || !OWNER.compareAndSet(block, owner, new Owner(id, new WeakReference<>(me)))) {
                return null;
            }
        }
        Memory memory = block.memory;
        if (memory == null) { // only the owner gets here; if either call throws, its next call tries again
            ByteBuffer buffer = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
            memory = new Memory(buffer, DemoLibNatives.directAddress(buffer));
            block.memory = memory;
        }
        return memory;
    }
}
