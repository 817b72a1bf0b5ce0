package io.github.jnibuffer;

import io.github.jnibuffer.internal.memory.Backstop;
import io.github.jnibuffer.internal.memory.Tracker;

/**
 * A block from {@code allocate_buffer}, freed through the glue by {@code Buffer.close()} or, if the buffer was never
 * closed, by the {@link Backstop} once the buffer is unreachable. Holds the address, never the {@code Buffer}.
 */
final class NativeMemory extends Tracker {
    /** The ledger of every JNI buffer: the live count and the GC backstop. */
    static final Backstop BACKSTOP = new Backstop();

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
        DemoLibNatives.check("free_buffer", result);
    }
}
