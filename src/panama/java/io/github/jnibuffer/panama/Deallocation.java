package io.github.jnibuffer.panama;

import io.github.jnibuffer.internal.memory.Backstop;
import io.github.jnibuffer.internal.memory.Tracker;
import java.lang.foreign.MemorySegment;

/**
 * Frees one block from allocate_buffer through a downcall: run when a {@link Buffer}'s arena is closed, or by the
 * {@link Backstop} when the buffer was never closed. Holds the address, never the {@code Buffer}.
 */
final class Deallocation extends Tracker {
    /** The ledger of every Panama buffer: the live count and the GC backstop. */
    static final Backstop BACKSTOP = new Backstop();

    private final long address;

    Deallocation(Buffer buffer, int size, long address) {
        super(buffer, size, BACKSTOP);
        this.address = address;
    }

    @Override
    protected int free() {
        try {
            // Returns as soon as the downcall does: the Java code after free_buffer returns runs at the depth of
            // the call that just succeeded, so a StackOverflowError here means the free did not run.
            return (int) DemoLibHandles.FREE.invokeExact(MemorySegment.ofAddress(address));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("free_buffer could not be called", t);
        }
    }

    @Override
    protected void check(int result) {
        DemoLibHandles.check("free_buffer", result);
    }
}
