package io.github.jnibuffer.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * One block of memory from {@code allocate_buffer}, and the single action that frees it: the bookkeeping shared by
 * the JNI and the Panama {@code Buffer}, which differ only in how they call {@code free_buffer}.
 *
 * <p>This object is what the {@link java.lang.ref.Cleaner} holds, so it must never refer to its {@code Buffer}: if it
 * did, the buffer would stay reachable through the Cleaner and never be collected. It holds only the size, the live
 * count it belongs to and (when leak tracing is on) the allocation site; subclasses add the address.
 * {@code Buffer.close()} runs this same action through {@code Cleanable.clean()}, which runs it at most once, so an
 * explicit close and the Cleaner can never both free the memory.
 */
public abstract class NativeBlock implements Runnable {
    private final int size;
    /** The implementation's count of blocks allocated and not yet freed. */
    private final LongAdder live;
    private final Throwable allocationSite;
    /** Set by close() on the thread that then runs {@link #run}; false when the Cleaner thread runs it. */
    private boolean closedExplicitly;
    /** Set once the memory is freed, so that a second, concurrent close() can wait for the first. */
    private volatile boolean freed;

    /** Records the allocation site; call before allocating, so that nothing is allocated if this fails. */
    protected NativeBlock(int size, LongAdder live) {
        this.size = size;
        this.live = live;
        this.allocationSite = LeakReporter.INSTANCE.allocationSite();
    }

    /** Counts the block as live: called once, when the memory has really been allocated. */
    protected final void countAllocated() {
        live.increment();
    }

    /** Calls {@code free_buffer} on the block and checks its result. */
    protected abstract void free();

    /** Called by close() just before it runs this action through Cleanable.clean(): not a leak, no warning. */
    public final void markClosedExplicitly() {
        closedExplicitly = true;
    }

    /** Whether the block has been freed, by close() or by the Cleaner. */
    public final boolean isFreed() {
        return freed;
    }

    /** Frees the block and does the bookkeeping; Cleanable.clean() makes sure this runs at most once. */
    @Override
    public final void run() {
        free();
        live.decrement();
        freed = true;
        if (!closedExplicitly) {
            LeakReporter.INSTANCE.reportLeak(size, allocationSite);
        }
    }
}
