package io.github.jnibuffer.internal.memory;

import java.lang.ref.PhantomReference;

/**
 * One block of native memory and the one action that frees it, watched by a {@link Backstop}.
 *
 * <p>It is a phantom reference to the block's {@code Buffer}: once that becomes unreachable without having been
 * closed, the GC enqueues this tracker and the backstop frees the block. So it must never hold the {@code Buffer}
 * in a field: the buffer would stay reachable through the backstop and never be collected. Subclasses add the
 * address, and {@link #free()} calls {@code free_buffer} in their own way (JNI or Panama).
 */
public abstract class Tracker extends PhantomReference<Object> {
    final Backstop backstop;
    final int size;
    final Throwable allocationSite;

    /** The owner thread's list for a confined buffer; null for a shared one (its list is the backstop's). */
    Backstop.OwnerList list;
    /** Neighbours in that list: written by the list's owner (or under the backstop's lock, see Backstop). */
    Tracker previous;
    Tracker next;

    /**
     * Set by {@code close()} before its {@code reachabilityFence}, so the backstop, which can only see this tracker
     * after the GC found the buffer unreachable, sees it too without any synchronisation (see Backstop).
     */
    boolean closed;
    /** Set by a thread other than the owner once it freed this block: the owner then unlinks it. */
    boolean reclaimed;
    /** Set once the block is freed, whoever freed it: a second, concurrent close() of a shared buffer waits for it. */
    private volatile boolean freed;

    /**
     * @param buffer the {@code Buffer} that owns the block, watched but never held
     * @param size the block's size, for the leak report
     * @param backstop the ledger of the implementation the buffer belongs to
     */
    protected Tracker(Object buffer, int size, Backstop backstop) {
        super(buffer, Backstop.QUEUE);
        this.backstop = backstop;
        this.size = size;
        this.allocationSite = LeakReporter.INSTANCE.allocationSite();
    }

    /** Calls {@code free_buffer} on the block and checks its result. Runs at most once (Backstop sees to it). */
    protected abstract void free();

    /** Whether the block has been freed, by close() or by the backstop. */
    public final boolean isFreed() {
        return freed;
    }

    final void markFreed() {
        freed = true;
    }
}
