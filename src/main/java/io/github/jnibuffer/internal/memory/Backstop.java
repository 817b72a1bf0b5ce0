package io.github.jnibuffer.internal.memory;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The GC backstop and the ledger of one implementation's native blocks: it frees every block whose {@code Buffer}
 * became unreachable without {@code close()}, reports it as a leak, and keeps the live count.
 *
 * <p>It does what a {@link java.lang.ref.Cleaner} does, for a smaller price on the common path. A Cleaner keeps
 * every registered object in one list that any thread may change, so registering and cleaning each take a lock,
 * and a live count any thread may change costs two more atomic updates: about six atomic read-modify-write
 * instructions per buffer, each 3 to 8 ns depending on the CPU. Here the trackers of a confined buffer are kept in
 * a table that belongs to its owner thread, the only thread that can close it; registering, closing and counting
 * are plain writes. Only the rare paths synchronise: a thread's first buffer, shared buffers (any thread may close
 * one), and freeing leaked buffers.
 *
 * <p>Guarantees, the same as a Cleaner's:
 * <ul>
 *   <li><b>Freed exactly once.</b> {@link #close} frees and marks the tracker closed; the backstop frees only
 *       trackers the GC enqueued, that is buffers that became unreachable, which can no longer be closed; a closed
 *       tracker is no longer in any table, so it is never enqueued, and the backstop checks the mark anyway.
 *   <li><b>Never while in use.</b> Every operation of a {@code Buffer} ends with
 *       {@code Reference.reachabilityFence(this)}, so the GC cannot find it unreachable mid-operation.
 *   <li><b>Visible without locks.</b> What a thread writes before {@code reachabilityFence(buffer)} happens-before
 *       the GC clears the reference, which happens-before it is enqueued and then dequeued here (the
 *       {@code java.lang.ref} package documentation, "Memory Consistency Properties").
 *   <li><b>Reported.</b> Every block the backstop frees goes to {@link LeakReporter}.
 * </ul>
 *
 * <p><b>Backpressure.</b> One daemon thread frees leaked blocks; every allocation also frees up to eight (the
 * queue is empty on the common path, and checking it is one volatile read). A program that leaks faster than one
 * thread can free therefore slows down instead of filling the heap with trackers waiting to be freed: after a GC
 * finds a burst of leaks, the allocations that follow work it off several times faster than they add to it.
 */
public final class Backstop {
    /** Trackers whose buffer the GC found unreachable: one queue for every implementation. */
    static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    /** How many queued trackers an allocating thread frees before it allocates: enough to outpace its own leaks. */
    private static final int FREED_PER_ALLOCATION = 8;
    private static final int BATCH = 64;
    private static final Logger LOGGER = System.getLogger(Backstop.class.getName());
    private static final VarHandle LIVE;

    static {
        try {
            LIVE = MethodHandles.lookup().findVarHandle(Table.class, "live", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        Thread drainer = new Thread(Backstop::drainForever, "jni-buffer-backstop");
        drainer.setDaemon(true);
        drainer.start();
    }

    /**
     * The trackers of one thread's open confined buffers (or, under the backstop's lock, of all shared buffers), in
     * batches of {@value #BATCH}. New trackers go into the newest batch, and a batch whose trackers are all gone is
     * dropped, so the batch written to is nearly always young: storing a young object into an old one costs a
     * fence on every store in G1's write barrier, and this keeps that to one store per batch.
     * Only the owner changes a table, with one exception: the backstop, on any thread, empties the slot of a
     * tracker it freed and counts it in {@link Batch#reclaimed}; the owner drops a batch only once its count shows
     * that every tracker is gone.
     */
    static final class Table {
        final Thread owner;
        /** The newest batch, or null; it links to the older ones, which keeps them reachable. */
        Batch newest;
        int batches;
        private int batchesAtLastSweep = 16;
        /** Trackers added minus trackers closed by the owner: written by the owner, read through LIVE. */
        long live;
        /** Trackers of this table that the backstop freed. */
        final AtomicLong reclaimed = new AtomicLong();

        Table(Thread owner) {
            this.owner = owner;
        }

        /** Owner only. */
        void add(Tracker tracker) {
            Batch batch = newest;
            if (batch == null || batch.used == BATCH) {
                batch = newBatch();
            }
            tracker.batch = batch;
            tracker.slot = batch.used;
            batch.slots[batch.used++] = tracker;
            batch.open++;
            LIVE.setRelease(this, live + 1);
        }

        /** Owner only. */
        void remove(Tracker tracker) {
            Batch batch = tracker.batch;
            batch.slots[tracker.slot] = null;
            batch.open--;
            if (batch != newest && batch.isEmpty()) {
                unlink(batch);
            }
            LIVE.setRelease(this, live - 1);
        }

        /** Any thread, for a tracker the backstop freed (its buffer is unreachable, so the owner cannot touch it). */
        void removeReclaimed(Tracker tracker) {
            Batch batch = tracker.batch;
            batch.slots[tracker.slot] = null;
            batch.reclaimed.incrementAndGet(); // after the slot: the owner drops the batch only once it sees this
            reclaimed.incrementAndGet();
        }

        long liveCount() {
            return (long) LIVE.getAcquire(this) - reclaimed.get();
        }

        private Batch newBatch() {
            Batch previous = newest;
            Batch batch = new Batch(this);
            if (previous != null && previous.isEmpty()) {
                batch.older = previous.older; // the usual case: every tracker of the full batch is already closed
                batches--;
            } else {
                batch.older = previous;
            }
            if (batch.older != null) {
                batch.older.newer = batch;
            }
            newest = batch;
            if (++batches >= 2 * batchesAtLastSweep) {
                dropEmptyBatches(); // amortised: batches emptied by the backstop, which nothing else drops
            }
            return batch;
        }

        private void dropEmptyBatches() {
            for (Batch batch = newest.older; batch != null; batch = batch.older) {
                if (batch.isEmpty()) {
                    unlink(batch);
                }
            }
            batchesAtLastSweep = Math.max(16, batches);
        }

        private void unlink(Batch batch) {
            if (batch.newer != null) {
                batch.newer.older = batch.older;
            }
            if (batch.older != null) {
                batch.older.newer = batch.newer;
            }
            batches--;
        }
    }

    /** Up to {@value #BATCH} trackers of one table, in the order they were added. */
    static final class Batch {
        final Table table;
        final Tracker[] slots = new Tracker[BATCH];
        /** Slots used so far; owner only. */
        int used;
        /** Trackers added minus trackers closed by the owner; owner only. */
        int open;
        /** Trackers of this batch the backstop freed. */
        final AtomicInteger reclaimed = new AtomicInteger();
        Batch newer;
        Batch older;

        Batch(Table table) {
            this.table = table;
        }

        /** Owner only: every tracker added here is closed or freed by the backstop. */
        boolean isEmpty() {
            return open == reclaimed.get();
        }
    }

    private final ThreadLocal<Table> ownTables = ThreadLocal.withInitial(this::newTable);
    /** Every thread's table, kept reachable here: a tracker only reachable from an ended thread would never fire. */
    private final Set<Table> tables = Collections.newSetFromMap(new IdentityHashMap<>()); // guarded by this
    private int tablesAtLastSweep = 16; // guarded by this
    private final Table shared = new Table(null); // guarded by this

    /** Starts tracking a new block. Confined: on its owner thread, with plain writes. Shared: under the lock. */
    public void register(Tracker tracker, boolean confined) {
        if (confined) {
            ownTables.get().add(tracker);
        } else {
            synchronized (this) {
                shared.add(tracker);
            }
        }
    }

    /**
     * Frees the block of a buffer being closed, once; then stops tracking it. Confined: only on the owner thread.
     *
     * @param buffer the buffer being closed: kept reachable until the tracker is marked closed, so that the GC
     *     cannot enqueue the tracker meanwhile and the backstop free the block a second time
     */
    public void close(Tracker tracker, Object buffer) {
        try {
            tracker.free();
        } finally {
            tracker.closed = true;
            Table table = tracker.batch.table;
            if (table != shared) {
                table.remove(tracker);
            } else {
                synchronized (this) {
                    shared.remove(tracker);
                }
            }
            tracker.markFreed(); // last: a concurrent close() waiting for it returns to an up-to-date live count
            Reference.reachabilityFence(buffer);
        }
    }

    /**
     * Blocks allocated and not yet freed, by close() or by the backstop. Exact whenever no allocation or close is
     * in flight (and the threads that made them happened-before this call, e.g. were joined).
     */
    public synchronized long liveCount() {
        long live = shared.liveCount();
        for (Table table : tables) {
            live += table.liveCount();
        }
        return live;
    }

    /** Backpressure: frees a few blocks the GC found leaked, if any are waiting. Call before allocating. */
    public static void helpFree() {
        for (int i = 0; i < FREED_PER_ALLOCATION; i++) {
            Reference<?> queued = QUEUE.poll(); // one volatile read when the queue is empty
            if (queued == null) {
                return;
            }
            reclaim((Tracker) queued);
        }
    }

    private static void drainForever() {
        while (true) {
            try {
                reclaim((Tracker) QUEUE.remove());
            } catch (InterruptedException e) {
                // a daemon thread nobody should interrupt: keep draining
            }
        }
    }

    /**
     * Frees a block whose buffer the GC found unreachable, reports the leak, and stops tracking it. A failure is
     * logged, not thrown: it belongs to that leaked buffer, not to whichever allocation happened to help.
     */
    private static void reclaim(Tracker tracker) {
        if (tracker.closed) {
            return; // closed, then collected: close() freed it (closed trackers are in no table: a guard only)
        }
        try {
            tracker.free();
        } catch (RuntimeException e) {
            LOGGER.log(Level.ERROR, "The jni-buffer backstop could not free a leaked Buffer", e);
        } finally {
            tracker.backstop.forget(tracker);
            tracker.markFreed();
            LeakReporter.INSTANCE.reportLeak(tracker.size, tracker.allocationSite);
        }
    }

    private void forget(Tracker tracker) {
        Table table = tracker.batch.table;
        if (table == shared) {
            synchronized (this) {
                shared.remove(tracker);
            }
            return;
        }
        table.removeReclaimed(tracker);
        if (!table.owner.isAlive() && table.liveCount() == 0) {
            synchronized (this) {
                tables.remove(table); // its thread has ended and its last buffer is freed
            }
        }
    }

    private Table newTable() {
        Table table = new Table(Thread.currentThread());
        synchronized (this) {
            tables.add(table);
            if (tables.size() >= 2 * tablesAtLastSweep) {
                // Amortised: the tables of ended threads whose buffers were all closed, which nothing else removes.
                // isAlive() returning false happens-after everything the owner did (JLS 17.4.4).
                tables.removeIf(candidate -> !candidate.owner.isAlive() && candidate.liveCount() == 0);
                tablesAtLastSweep = Math.max(16, tables.size());
            }
        }
        return table;
    }
}
