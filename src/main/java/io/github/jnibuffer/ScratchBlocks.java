package io.github.jnibuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * A fixed number of native scratch blocks, each lent to one live thread at a time, for C to fill before Java copies
 * the bytes out ({@link ArrayFiller}). Native memory stays bounded however many threads there are: a million
 * short-lived virtual threads share the same few blocks. (A block per thread, held by a ThreadLocal, grew the peak
 * resident memory of a million virtual threads by over a gigabyte: each block lived until the GC found its thread
 * dead.)
 *
 * <p>A thread's block is chosen by its id. The first fill claims it with one compare-and-set, and later fills by the
 * same thread check the owner with a plain read: no atomic instruction, which costs a few nanoseconds on some CPUs,
 * on the steady path. The owner is never taken away while it is alive, so that read can only see this thread's own
 * write; a block whose owner has died is claimed again ({@link Thread#isAlive()} returning false also makes the
 * dead owner's writes visible). A thread whose block belongs to another live thread gets none, and the caller takes
 * another route.
 */
final class ScratchBlocks {
    /** Enough for this many threads to fill small arrays concurrently before any of them gets no block. */
    private static final int BLOCKS = 64;

    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(Block.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Native memory of a direct ByteBuffer, freed by the JDK if the block is ever collected. */
    static final class Block {
        private Thread owner; // written by compare-and-set only
        private ByteBuffer buffer; // allocated by the first owner; later owners see it through isAlive()
        private long address;

        ByteBuffer buffer() {
            return buffer;
        }

        long address() {
            return address;
        }
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

    /** The current thread's block, or null if its block is lent to another thread that is still alive. */
    @SuppressWarnings("deprecation") // Thread.getId(): threadId() is JDK 19+, and this library targets Java 17
    Block claim() {
        Thread me = Thread.currentThread();
        Block block = blocks[(int) (me.getId() % BLOCKS)];
        Thread owner = block.owner;
        if (owner != me && !((owner == null || !owner.isAlive()) && OWNER.compareAndSet(block, owner, me))) {
            return null;
        }
        if (block.buffer == null) { // only the owner gets here; if either call throws, its next call tries again
            ByteBuffer buffer = ByteBuffer.allocateDirect(size);
            block.address = DemoLibNatives.directAddress(buffer);
            block.buffer = buffer;
        }
        return block;
    }
}
