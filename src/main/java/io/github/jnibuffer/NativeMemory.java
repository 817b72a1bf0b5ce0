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
    /** The ledger of every JNI buffer: the live count and the GC backstop. */
    static final Backstop BACKSTOP = new Backstop();
    private static final Logger LOGGER = System.getLogger("io.github.jnibuffer.Buffer");

    final long address;
    /** A shared buffer's guard cell (jni/shared_guard.h), which makes freeing wait for uses in flight; else 0. */
    final long guard;

    NativeMemory(Buffer buffer, int size, long address, long guard) {
        super(buffer, size, BACKSTOP);
        this.address = address;
        this.guard = guard;
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
     * A shared close whose membarrier() failed: C left the block allocated for good, because another thread might
     * still have been using it. Logged, not thrown: the close did all it safely could, and the caller did nothing
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
