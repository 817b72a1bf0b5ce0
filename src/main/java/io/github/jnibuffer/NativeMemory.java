package io.github.jnibuffer;

import io.github.jnibuffer.internal.memory.Backstop;
import io.github.jnibuffer.internal.memory.Tracker;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * A block from {@code allocate_buffer}, freed through the glue by {@code Buffer.close()} or, if the buffer was never
 * closed, by the {@link Backstop} once the buffer is unreachable. Holds the address, never the {@code Buffer}.
 */
final class NativeMemory extends Tracker {
    /** The ledger of every JNI buffer: the live count and the GC backstop, whose thread also flushes shared closes. */
    static final Backstop BACKSTOP = new Backstop(NativeMemory::flushShared);
    private static final Logger LOGGER = System.getLogger("io.github.jnibuffer.Buffer");

    final long address;
    /** A shared buffer's guard cell (jni/shared_guard.h), which makes freeing wait for uses in flight; else 0. */
    final long guard;
    /** Whether this class loader has opened a shared buffer: until then there is nothing to flush (no native call). */
    private static volatile boolean sharedOpened;

    NativeMemory(Buffer buffer, int size, long address, long guard) {
        super(buffer, size, BACKSTOP);
        this.address = address;
        this.guard = guard;
        if (guard != 0 && !sharedOpened) {
            sharedOpened = true;
        }
    }

    /**
     * Frees the blocks of closed shared buffers that C still holds for a batch (jni/shared_retirement.h), so that
     * what C counts matches the live count. Called by Buffer.liveCount() and by the backstop's thread, which bounds
     * how long a block may wait; never throws for a membarrier() failure, which it reports as close() does.
     */
    static void flushShared() {
        if (sharedOpened) {
            int left = DemoLibNatives.flushShared();
            if (left > 0) {
                warnLeftAllocated();
            }
        }
    }

    @Override
    protected int free() {
        return guard == 0 ? DemoLibNatives.free(address) : DemoLibNatives.freeShared(guard);
    }

    @Override
    protected void check(int result) {
        DemoLibNatives.check("free_buffer", result == DemoLibNatives.GUARD_LEAKED ? warnLeftAllocated() : result);
    }

    /**
     * A shared close, or a flush of closed shared buffers, whose membarrier() failed: C left the blocks of that
     * batch allocated for good (at most 64, under 1 MiB), because another thread might still have been using them. Logged, not thrown: the close did all it safely could, and the caller did nothing
     * wrong. Returns 0, a success for {@link DemoLibNatives#check}.
     */
    private static int warnLeftAllocated() {
        LOGGER.log(Level.WARNING, "A shared Buffer was closed but its memory is left allocated for good: the "
                + "membarrier() system call failed (out of memory, or forbidden by a seccomp filter or after a "
                + "checkpoint/restore), so another thread might still have been using it. Shared buffers now use "
                + "fences instead, and later closes free their memory as usual.");
        return 0;
    }
}
