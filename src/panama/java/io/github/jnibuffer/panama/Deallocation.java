package io.github.jnibuffer.panama;

import io.github.jnibuffer.internal.NativeBlock;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.LongAdder;

/**
 * Frees one block from allocate_buffer through a downcall: run by the arena when a {@link Buffer} is closed, or by
 * the Cleaner when it was not. {@link NativeBlock} does the bookkeeping: freeing at most once, the live count and the
 * leak report.
 */
final class Deallocation extends NativeBlock {
    private static final LongAdder LIVE = new LongAdder();

    private final long address;

    /** For a block already allocated at address. */
    Deallocation(long address, int size) {
        super(size, LIVE);
        this.address = address;
        countAllocated();
    }

    static long liveCount() {
        return LIVE.sum();
    }

    @Override
    protected void free() {
        int result;
        try {
            result = (int) DemoLibHandles.FREE.invokeExact(MemorySegment.ofAddress(address));
        } catch (Throwable t) {
            throw new IllegalStateException("free_buffer could not be called", t);
        }
        DemoLibHandles.check("free_buffer", result);
    }
}
