package io.github.jnibuffer.panama;

import io.github.jnibuffer.internal.LeakReporter;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.LongAdder;

/**
 * Frees one block from allocate_buffer, once: run by the arena when a {@link Buffer} is closed, or by the Cleaner
 * when it was not. Holds the address and size only, never the Buffer, so the Cleaner can see it become unreachable.
 */
final class Deallocation implements Runnable {
    private static final LongAdder LIVE = new LongAdder();

    private final long address;
    private final int size;
    private final Throwable allocationSite;
    private boolean closedExplicitly;
    private volatile boolean freed;

    Deallocation(long address, int size) {
        this.address = address;
        this.size = size;
        this.allocationSite = LeakReporter.INSTANCE.allocationSite();
        LIVE.increment();
    }

    static long liveCount() {
        return LIVE.sum();
    }

    /** Called on the closing thread just before it runs this action: not a leak. */
    void markClosedExplicitly() {
        closedExplicitly = true;
    }

    boolean isFreed() {
        return freed;
    }

    @Override
    public void run() {
        int result;
        try {
            result = (int) DemoLibHandles.FREE.invokeExact(MemorySegment.ofAddress(address));
        } catch (Throwable t) {
            throw new IllegalStateException("free_buffer could not be called", t);
        }
        DemoLibHandles.check("free_buffer", result);
        LIVE.decrement();
        freed = true;
        if (!closedExplicitly) {
            LeakReporter.INSTANCE.reportLeak(size, allocationSite);
        }
    }
}
