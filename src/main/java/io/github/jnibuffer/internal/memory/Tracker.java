package io.github.jnibuffer.internal.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
    private static final VarHandle FREED;

    static {
        try {
            FREED = MethodHandles.lookup().findVarHandle(Tracker.class, "freed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Backstop backstop;
    final int size;
    final Throwable allocationSite;

    /** The batch that keeps this tracker reachable, in its owner thread's table (or the shared buffers' one). */
    Backstop.Batch batch;
    /** Its slot in that batch. */
    int slot;
    /**
     * Whether a table holds it: set by the last store of {@code Table.add}, cleared when it leaves the table. A
     * constructor whose registration threw asks, to know whether to free its block directly or through close().
     */
    boolean registered;
    /** The next tracker whose reclaim threw and is to be retried (guarded by the backstop's drainer lock). */
    Tracker nextRetry;

    /**
     * Set right after the native free returned, by {@code close()} (before its {@code reachabilityFence}) or by the
     * backstop; never when the free threw, so a retry still frees the block. The backstop, which can only see this
     * tracker after the GC found the buffer unreachable, sees it without any synchronisation (see Backstop).
     */
    boolean closed;
    /**
     * Set once the block is freed, whoever freed it: a second, concurrent close() of a shared buffer waits for it.
     * Written with release and read with acquire through {@link #FREED}: a volatile write would cost every close()
     * a full fence.
     */
    private boolean freed;

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

    /**
     * Calls {@code free_buffer} on the block, as its last action: if it throws, the block was not freed. Runs
     * once successfully (Backstop sees to it).
     *
     * @return {@code free_buffer}'s result, for {@link #check}
     */
    protected abstract int free();

    /** Throws if {@code free_buffer}'s result is an error (the block counts as freed either way). */
    protected abstract void check(int result);

    /** Whether the backstop tracks it: false before registration, and if registering it threw. */
    public final boolean isRegistered() {
        return registered;
    }

    /** Whether the block has been freed, by close() or by the backstop. */
    public final boolean isFreed() {
        return (boolean) FREED.getAcquire(this);
    }

    final void markFreed() {
        FREED.setRelease(this, true);
    }
}
