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
     * Set by {@code close()} before its {@code reachabilityFence}, so the backstop, which can only see this tracker
     * after the GC found the buffer unreachable, sees it too without any synchronisation (see Backstop).
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

    /** Calls {@code free_buffer} on the block and checks its result. Runs at most once (Backstop sees to it). */
    protected abstract void free();

    /** Whether the block has been freed, by close() or by the backstop. */
    public final boolean isFreed() {
        return (boolean) FREED.getAcquire(this);
    }

    final void markFreed() {
        FREED.setRelease(this, true);
    }
}
