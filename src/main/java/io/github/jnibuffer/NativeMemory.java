package io.github.jnibuffer;

import io.github.jnibuffer.internal.LeakReporter;
import java.util.concurrent.atomic.LongAdder;

/**
 * One block of memory from {@code allocate_buffer}, and the single action that frees it.
 *
 * <p>This object is what the {@link java.lang.ref.Cleaner} holds, so it must never refer to its
 * {@link Buffer}: if it did, the buffer would stay reachable through the Cleaner and never be collected.
 * It holds only the address, the size and (when leak tracing is on) the allocation site. {@code Buffer.close()}
 * runs this same action through {@code Cleanable.clean()}, which runs it at most once, so an explicit close and
 * the Cleaner can never both free the memory.
 */
final class NativeMemory implements Runnable {
    /** Memory allocated through the safe API and not yet freed: incremented here, decremented in {@link #run}. */
    private static final LongAdder LIVE = new LongAdder();

    final long address;
    final int size;
    private final Throwable allocationSite;
    /** Set by close() on the thread that then runs {@link #run}; false when the Cleaner thread runs it. */
    private boolean closedExplicitly;
    /** Set once the memory is freed, so that a second, concurrent close() can wait for the first. */
    private volatile boolean freed;

    /** Allocates; size must already be checked positive. Throws OutOfMemoryError when C returns NULL. */
    NativeMemory(int size) {
        this.size = size;
        this.allocationSite = LeakReporter.INSTANCE.allocationSite();
        this.address = DemoLibNatives.allocate(size); // last: if anything above failed, nothing was allocated
        if (address == 0) {
            throw new OutOfMemoryError("allocate_buffer(" + size + ") returned NULL: cannot allocate " + size
                    + " bytes of native memory");
        }
        LIVE.increment();
    }

    static long liveCount() {
        return LIVE.sum();
    }

    /** Called by close() just before it runs this action through Cleanable.clean(): not a leak, no warning. */
    void markClosedExplicitly() {
        closedExplicitly = true;
    }

    boolean isFreed() {
        return freed;
    }

    @Override
    public void run() {
        DemoLibNatives.check("free_buffer", DemoLibNatives.free(address));
        LIVE.decrement();
        freed = true;
        if (!closedExplicitly) {
            LeakReporter.INSTANCE.reportLeak(size, allocationSite);
        }
    }
}
