package io.github.jnibuffer.internal.memory;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The GC backstop and the ledger of one implementation's native blocks: it frees every block whose {@code Buffer}
 * became unreachable without {@code close()}, reports it as a leak, and keeps the live count.
 *
 * <p>It does what a {@link java.lang.ref.Cleaner} does, for a smaller price on the common path. A Cleaner keeps
 * every registered object in one list that any thread may change, so registering and cleaning each take a lock,
 * and a live count any thread may change costs two more atomic updates: about six atomic read-modify-write
 * instructions per buffer, each 3 to 8 ns depending on the CPU. Here a confined buffer is tracked in a list that
 * belongs to its owner thread, the only thread that can close it; its registration, close and count are plain
 * writes. Only the rare paths synchronise: a thread's first buffer, shared buffers (any thread may close one),
 * and the freeing of leaked buffers.
 *
 * <p>Guarantees, the same as a Cleaner's:
 * <ul>
 *   <li><b>Freed exactly once.</b> {@link #close} frees and marks the tracker closed; the backstop frees only
 *       trackers the GC enqueued, that is buffers that became unreachable, which can no longer be closed; a
 *       closed tracker is unlinked, so it is never enqueued, and the backstop checks the mark anyway.
 *   <li><b>Never while in use.</b> Every operation of a {@code Buffer} ends with
 *       {@code Reference.reachabilityFence(this)}, so the GC cannot find it unreachable mid-operation.
 *   <li><b>Visible without locks.</b> What a thread writes before {@code reachabilityFence(buffer)} happens-before
 *       the GC clears the reference, which happens-before it is enqueued and then dequeued here (the
 *       {@code java.lang.ref} package documentation, "Memory Consistency Properties").
 *   <li><b>Reported.</b> Every block the backstop frees goes to {@link LeakReporter}.
 * </ul>
 *
 * <p><b>Backpressure.</b> One daemon thread frees leaked blocks; every allocation also frees up to two (the
 * queue is empty on the common path, and checking it is one volatile read). A program that leaks faster than one
 * thread can free therefore slows down instead of filling the heap with blocks waiting to be freed.
 */
public final class Backstop {
    /** Trackers whose buffer the GC found unreachable: one queue for every implementation. */
    static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    /** How many queued trackers an allocating thread frees before it allocates. */
    private static final int DRAINED_PER_ALLOCATION = 2;
    private static final Logger LOGGER = System.getLogger(Backstop.class.getName());
    private static final VarHandle LIVE;

    static {
        try {
            LIVE = MethodHandles.lookup().findVarHandle(OwnerList.class, "live", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        Thread drainer = new Thread(Backstop::drainForever, "jni-buffer-backstop");
        drainer.setDaemon(true);
        drainer.start();
    }

    /**
     * The confined blocks of one thread. Only the owner changes the list while it is alive; once it has ended,
     * its list is changed only under the backstop's lock.
     */
    static final class OwnerList {
        final Thread owner;
        Tracker head;
        /** Trackers in the list; owner only. */
        int length;
        /** Blocks allocated minus blocks closed by the owner: written by the owner only, read through LIVE. */
        long live;
        /** Trackers of this list freed by other threads and not yet unlinked. */
        final AtomicInteger reclaimedMarks = new AtomicInteger();

        OwnerList(Thread owner) {
            this.owner = owner;
        }
    }

    private final ThreadLocal<OwnerList> ownLists = ThreadLocal.withInitial(this::newOwnerList);
    /** Every thread's list, kept reachable here: a tracker only reachable from a dead thread would never fire. */
    private final List<OwnerList> lists = new ArrayList<>(); // guarded by this
    private int listsAtLastSweep = 16; // guarded by this
    private final OwnerList sharedList = new OwnerList(null); // guarded by this
    /** Live counts of the lists of ended threads, folded in when those lists are dropped. */
    private long retiredLive; // guarded by this
    /** Confined blocks that the backstop freed (they stay counted in their owner's list). */
    private final AtomicLong reclaimed = new AtomicLong();
    /** Trackers of ended threads marked since the last sweep. */
    private int deadOwnerMarks; // guarded by this

    /** Starts tracking a new block. Confined: on its owner thread, with plain writes. Shared: under the lock. */
    public void register(Tracker tracker, boolean confined) {
        if (confined) {
            OwnerList list = ownLists.get();
            if (list.reclaimedMarks.get() > Math.max(32, list.length / 2)) {
                unlinkReclaimed(list); // amortised: at least half of what it walks is unlinked
            }
            tracker.list = list;
            link(list, tracker);
            LIVE.setRelease(list, list.live + 1);
        } else {
            synchronized (this) {
                link(sharedList, tracker);
                sharedList.live++;
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
            OwnerList list = tracker.list;
            if (list != null) {
                unlink(list, tracker);
                LIVE.setRelease(list, list.live - 1);
            } else {
                synchronized (this) {
                    unlink(sharedList, tracker);
                    sharedList.live--;
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
        long live = retiredLive + sharedList.live - reclaimed.get();
        for (OwnerList list : lists) {
            live += (long) LIVE.getAcquire(list);
        }
        return live;
    }

    /** Backpressure: frees a few blocks the GC found leaked, if any are waiting. Call before allocating. */
    public static void helpFree() {
        for (int i = 0; i < DRAINED_PER_ALLOCATION; i++) {
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
            return; // closed, then collected: close() freed it (closed trackers are unlinked, so this is a guard)
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
        OwnerList list = tracker.list;
        if (list == null) {
            synchronized (this) {
                unlink(sharedList, tracker);
                sharedList.live--;
            }
            return;
        }
        reclaimed.incrementAndGet();
        if (list.owner == Thread.currentThread()) {
            unlink(list, tracker); // an allocating thread freeing its own leak
            return;
        }
        tracker.reclaimed = true; // the owner, or the sweep of ended threads, unlinks it
        list.reclaimedMarks.incrementAndGet();
        if (!list.owner.isAlive()) {
            synchronized (this) {
                if (++deadOwnerMarks > lists.size()) {
                    sweepEndedThreads(); // amortised: at least as many marks as lists to walk
                }
            }
        }
    }

    private OwnerList newOwnerList() {
        OwnerList list = new OwnerList(Thread.currentThread());
        synchronized (this) {
            lists.add(list);
            if (lists.size() >= 2 * listsAtLastSweep) {
                sweepEndedThreads(); // amortised: the list count doubled since the last sweep
            }
        }
        return list;
    }

    /**
     * Unlinks the freed trackers of threads that have ended, and drops their lists once empty. Safe without the
     * owner: {@code isAlive()} returning false happens-after everything the owner did (JLS 17.4.4).
     */
    private synchronized void sweepEndedThreads() {
        deadOwnerMarks = 0;
        lists.removeIf(list -> {
            if (list.owner.isAlive()) {
                return false;
            }
            unlinkReclaimed(list);
            if (list.head != null) {
                return false; // buffers of an ended thread that the GC has not found unreachable yet
            }
            retiredLive += list.live;
            return true;
        });
        listsAtLastSweep = Math.max(16, lists.size());
    }

    private static void unlinkReclaimed(OwnerList list) {
        list.reclaimedMarks.set(0); // before the walk: a mark made during it is seen by the next one
        for (Tracker tracker = list.head; tracker != null; ) {
            Tracker next = tracker.next;
            if (tracker.reclaimed) {
                unlink(list, tracker);
            }
            tracker = next;
        }
    }

    private static void link(OwnerList list, Tracker tracker) {
        tracker.next = list.head;
        if (list.head != null) {
            list.head.previous = tracker;
        }
        list.head = tracker;
        list.length++;
    }

    private static void unlink(OwnerList list, Tracker tracker) {
        if (tracker.previous != null) {
            tracker.previous.next = tracker.next;
        } else {
            list.head = tracker.next;
        }
        if (tracker.next != null) {
            tracker.next.previous = tracker.previous;
        }
        tracker.previous = null;
        tracker.next = null;
        list.length--;
    }
}
