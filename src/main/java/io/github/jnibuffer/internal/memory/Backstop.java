package io.github.jnibuffer.internal.memory;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
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
     * The trackers of one thread's open confined buffers (or, under the backstop's lock, of all shared buffers),
     * each in a slot of an array. Only the owner writes it, with one exception: the backstop, on any thread, empties
     * the slot of a tracker it freed. That write cannot hit a reused slot: the owner reuses a slot only once it
     * has seen it empty, or holding a freed tracker (the backstop empties the slot before it marks the tracker).
     */
    static final class Table {
        final Thread owner;
        Tracker[] slots = new Tracker[16];
        /** Slots handed out so far; owner only. */
        int used;
        /** A slot the owner has just emptied, tried first by the next add; or -1. Owner only. */
        int lastEmptied = -1;
        /** Where the next search for a reusable slot starts; owner only. */
        int cursor;
        /** Trackers added minus trackers closed by the owner: written by the owner, read through LIVE. */
        long live;
        /** Trackers of this table that the backstop freed. */
        final AtomicLong reclaimed = new AtomicLong();

        Table(Thread owner) {
            this.owner = owner;
        }

        /** Owner only. */
        void add(Tracker tracker) {
            int slot = lastEmptied;
            lastEmptied = -1;
            if (slot < 0) {
                long empty = used - (live - reclaimed.get());
                slot = empty >= Math.max(16, used / 4) ? findReusable() : -1; // amortised: a quarter are empty
            }
            if (slot < 0) {
                if (used == slots.length) {
                    slots = Arrays.copyOf(slots, 2 * used);
                }
                slot = used++;
            }
            slots[slot] = tracker;
            tracker.table = this;
            tracker.slot = slot;
            LIVE.setRelease(this, live + 1);
        }

        private int findReusable() {
            for (int tried = 0; tried < used; tried++) {
                int slot = cursor;
                cursor = cursor + 1 == used ? 0 : cursor + 1;
                Tracker occupant = slots[slot];
                if (occupant == null || occupant.isFreed()) { // freed: emptied in an older copy of the array
                    return slot;
                }
            }
            return -1;
        }

        /** Owner only. */
        void remove(Tracker tracker) {
            slots[tracker.slot] = null;
            lastEmptied = tracker.slot;
            LIVE.setRelease(this, live - 1);
        }

        /**
         * Any thread, for a tracker the backstop freed (its buffer is unreachable, so the owner cannot touch it);
         * before the tracker is marked freed. Racing an owner that grows the array, this may empty the old copy
         * only: the freed tracker left in the new copy counts as empty.
         */
        void removeReclaimed(Tracker tracker) {
            slots[tracker.slot] = null;
            reclaimed.incrementAndGet();
        }

        long liveCount() {
            return (long) LIVE.getAcquire(this) - reclaimed.get();
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
            if (tracker.table != shared) {
                tracker.table.remove(tracker);
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
        Table table = tracker.table;
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
