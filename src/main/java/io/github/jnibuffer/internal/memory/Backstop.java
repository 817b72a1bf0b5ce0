package io.github.jnibuffer.internal.memory;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * one), virtual threads' buffers (below), and freeing leaked buffers.
 *
 * <p><b>Virtual threads.</b> A table per thread costs about 0.4 KiB and a global lock when the thread's first buffer
 * is registered, which a virtual thread that lives for one buffer pays in full. So a virtual thread's buffers, like
 * shared buffers, go into one of a few <em>locked tables</em> shared by all threads ({@value #LOCKED_TABLES_PER_CPU}
 * per CPU, at most {@value #MAX_LOCKED_TABLES}), each changed only under its own monitor, chosen by thread id: a
 * virtual thread creates no bookkeeping of its own, and two uncontended monitor enters per buffer are its price.
 * Nothing is keyed by the carrier thread, which may change between allocate and close. (On JDK 21 to 23 a contended
 * monitor pins the carrier, for a few plain stores.) {@code Thread.isVirtual()} is reached through a method handle
 * looked up once; on JDK 17 and 18 no thread is virtual.
 *
 * <p>Guarantees, the same as a Cleaner's:
 * <ul>
 *   <li><b>Freed exactly once.</b> {@link #close} frees and marks the tracker closed; the backstop frees only
 *       trackers the GC enqueued, that is buffers that became unreachable, which can no longer be closed, and
 *       only trackers not marked closed.
 *   <li><b>Never while in use.</b> Every operation of a {@code Buffer} ends with
 *       {@code Reference.reachabilityFence(this)}, so the GC cannot find it unreachable mid-operation.
 *   <li><b>Visible without locks.</b> What a thread writes before {@code reachabilityFence(buffer)} (the last
 *       statement of the constructor, of close() and of every operation) happens-before the GC enqueues the
 *       reference, which happens-before it is dequeued here (the {@code java.lang.ref} package documentation,
 *       "Memory Consistency Properties", specified from JDK 23, openjdk/jdk#16644; on 17 to 22 HotSpot behaves so
 *       without promising it).
 *   <li><b>Reported.</b> Every block the backstop frees goes to {@link LeakReporter}.
 * </ul>
 *
 * <p><b>Errors.</b> An Error (StackOverflowError, OutOfMemoryError) at any step never frees a block twice and
 * never loses one. Registering is all or nothing ({@link Table#add}); a tracker is marked closed in the statement right
 * after its native free returns, with no call in between, so a free that threw did not run and a retried close(), or
 * the backstop, still frees the block; and the thread that frees leaked blocks catches every Throwable, from a free or
 * from a logger, logs it and goes on. A tracker whose free threw before it ran is kept and retried. Locked tables are
 * changed in {@code synchronized} blocks, not under a {@code Lock}: the JVM releases a monitor whatever is thrown,
 * where an {@code unlock()} in a finally block could itself overflow the stack. Only an asynchronous
 * {@code Thread.stop} (JDK 17 to 19), which may land between any two bytecodes, is beyond this.
 *
 * <p><b>Backpressure.</b> One daemon thread frees leaked blocks; every allocation also frees up to eight (the
 * queue is empty on the common path, and checking it is one volatile read). A program that leaks faster than one
 * thread can free therefore slows down instead of filling the heap with trackers waiting to be freed: after a GC
 * finds a burst of leaks, the allocations that follow work it off several times faster than they add to it.
 *
 * <p><b>Deferred frees.</b> A ledger may hand over a flush of what its closes deferred (the JNI ledger: shared
 * blocks queued for a batch). This thread runs it whenever it has waited {@value #IDLE_MILLIS} ms with nothing to
 * free, at least that often while it frees, and once more as it ends, after its last check that nothing is live: so
 * a deferred block waits about a second at most, even if the program never closes or allocates again.
 *
 * <p><b>Class loaders.</b> Nothing here keeps the class loader that loaded this library reachable once its classes
 * are, as in an application server that drops a deployment's loader. The thread that frees leaked blocks is
 * started when a buffer is registered and none runs, and it ends after {@value #IDLE_MILLIS} ms with nothing to
 * free while no buffer of any ledger is live, like the JDK's Cleaner thread: no context class loader, no inherited
 * ThreadLocals. A thread's own ThreadLocal holds its table only through a {@link WeakReference} (a JDK class), and
 * tables hold their owner weakly.
 */
public final class Backstop {
    /** Trackers whose buffer the GC found unreachable, and retired tables' watches: one queue for every ledger. */
    static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    /** How many queued trackers an allocating thread frees before it allocates: enough to outpace its own leaks. */
    private static final int FREED_PER_ALLOCATION = 8;
    private static final int BATCH = 64;
    /** How long the freeing thread waits with nothing to do before it ends, if no buffer is live either. */
    static final long IDLE_MILLIS = 1000;
    /** How long it goes on freeing after it said it would stop, before it checks one last time (see #stopIfIdle). */
    private static final long GRACE_MILLIS = 100;
    private static final Logger LOGGER = System.getLogger(Backstop.class.getName());
    private static final VarHandle LIVE;
    /** {@code Thread.isVirtual()} (JDK 19 and later), or null: then no thread is virtual. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();
    /**
     * Locked tables per CPU: enough that two carriers seldom meet on one, since a virtual thread that waits for a
     * monitor may unmount and keep its stack on the heap. A table costs about 64 bytes until it is used. (On 2 CPUs,
     * VirtualThreadBuffersTest's child kept 5.6 to 8.7 MiB of heap at peak with 4 tables, 3.4 to 5.6 MiB with 32, in
     * three runs each, and no less with 256: a weak signal, but a cheap one to follow.)
     */
    private static final int LOCKED_TABLES_PER_CPU = 16;
    private static final int MAX_LOCKED_TABLES = 256;

    /** Every ledger (one per implementation): the freeing thread stops only when none has a live buffer. */
    private static final List<Backstop> LEDGERS = new CopyOnWriteArrayList<>();
    private static final Object DRAINER_LOCK = new Object();
    /** The thread that frees leaked blocks, or null; guarded by DRAINER_LOCK. */
    private static Thread drainer;
    /**
     * Whether a freeing thread runs and will go on running: read by every registration (one volatile read, a plain
     * load on x86-64), written under DRAINER_LOCK.
     */
    private static volatile boolean draining;
    /** Trackers whose reclaiming threw before their block was freed, to retry; guarded by DRAINER_LOCK. */
    private static Tracker retries;

    /** Test-only: throws at the named points when set (src/test/.../internal/memory/Faults.java). */
    static volatile FaultInjector faults;

    /** The points where the tests inject an Error; see {@link #faults}. */
    enum FaultPoint {
        /** At the end of register(): the tracker is registered, the constructor has not returned. */
        REGISTERED,
        /** In close(), before the native free. */
        BEFORE_FREE,
        /** In close(), after the native free, before the bookkeeping. */
        AFTER_FREE,
        /** In the backstop, before the native free of a leaked block. */
        BEFORE_RECLAIM_FREE
    }

    /** Test-only hook. */
    interface FaultInjector {
        void at(FaultPoint point);
    }

    static {
        try {
            LIVE = MethodHandles.lookup().findVarHandle(Table.class, "live", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The trackers of one platform thread's open confined buffers, or, in a {@link #locked} table, of shared buffers
     * and virtual threads' buffers of any thread, in batches of {@value #BATCH}. New trackers go into the newest batch,
     * and a batch whose trackers are all gone is dropped, so the batch written to is nearly always young: storing a
     * young object into an old one costs a fence on every store in G1's write barrier, and this keeps that to one store
     * per batch. Only the owner changes a table (any thread, under its monitor, for a locked table), with one
     * exception: the backstop, on any thread, empties the slot of a tracker it freed from an owner's table and counts
     * it in {@link Batch#reclaimed}; the owner drops a batch only once its count shows that every tracker is gone.
     *
     * <p>A table is <em>retired</em> once its owner can no longer add to it: the owner has ended, or its
     * ThreadLocal was erased (a ForkJoinWorkerThread that clears ThreadLocals after each task, a container's
     * ThreadLocal cleaner), so that the owner's next buffer gets a new table. A retired table is dropped once its
     * last tracker is gone, so such workers cannot grow the bookkeeping without bound.
     */
    static final class Table {
        final Backstop ledger;
        /** The owner, weakly: bookkeeping must never keep an ended thread (and its context loader) reachable. */
        final WeakReference<Thread> owner;
        /** No owner: any thread changes it, always under its monitor. Never retired. */
        final boolean locked;
        /** Enqueued once the GC finds the owner's ThreadLocal handle unreachable; null for a locked table. */
        HandleWatch watch;
        /** Set (under the backstop's lock) once {@link #watch} is dequeued: the owner can no longer add here. */
        boolean retired;
        /** The newest batch, or null; it links to the older ones, which keeps them reachable. */
        Batch newest;
        int batches;
        private int batchesAtLastSweep = 16;
        /** Trackers added minus trackers closed by the owner: written by the owner, read through LIVE. */
        long live;
        /** Trackers of this table that the backstop freed. */
        final AtomicLong reclaimed = new AtomicLong();

        Table(Backstop ledger, Thread owner) {
            this.ledger = ledger;
            this.owner = owner == null ? null : new WeakReference<>(owner);
            this.locked = owner == null;
        }

        /**
         * Owner only (or under the monitor of a locked table). All or nothing: what may throw (a new batch, the one
         * call) comes before the first store that records the tracker, and plain stores, which cannot throw, do the
         * rest. A constructor whose registration threw therefore frees its block itself, and one whose registration
         * returned goes through the tracker.
         */
        void add(Tracker tracker) {
            Batch batch = newest;
            if (batch == null || batch.used == BATCH) {
                batch = newBatch();
            }
            LIVE.setRelease(this, live + 1);
            int slot = batch.used++;
            batch.slots[slot] = tracker;
            batch.open++;
            tracker.batch = batch;
            tracker.slot = slot;
            tracker.registered = true;
        }

        /**
         * Owner only (or under the monitor of a locked table). The one call first: if it throws, nothing has changed
         * and the tracker is still registered.
         */
        void remove(Tracker tracker) {
            LIVE.setRelease(this, live - 1);
            Batch batch = tracker.batch;
            tracker.registered = false;
            batch.slots[tracker.slot] = null;
            batch.open--;
            if (batch != newest && batch.isEmpty()) {
                unlink(batch); // if this throws, the empty batch stays linked until dropEmptyBatches
            }
        }

        /**
         * Any thread, for a tracker of an owner's table the backstop freed (its buffer is unreachable, so the owner
         * cannot touch it).
         */
        void removeReclaimed(Tracker tracker) {
            Batch batch = tracker.batch;
            tracker.registered = false;
            batch.slots[tracker.slot] = null;
            batch.reclaimed.incrementAndGet(); // after the slot: the owner drops the batch only once it sees this
            reclaimed.incrementAndGet();
        }

        long liveCount() {
            return (long) LIVE.getAcquire(this) - reclaimed.get();
        }

        /**
         * Under the backstop's lock: the owner can no longer add trackers here. Its end, seen through
         * {@code isAlive()}, happens-after all it did (JLS 17.4.4); a watch dequeued happens-after the owner's last
         * registration (which ends with {@code reachabilityFence(handle)}). A cleared owner reference alone is not
         * enough (no happens-before); the watch follows it.
         */
        boolean isRetired() {
            if (retired) {
                return true;
            }
            Thread thread = owner == null ? null : owner.get();
            return thread != null && !thread.isAlive();
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

    /**
     * Watches the WeakReference through which an owner's ThreadLocal holds its table: enqueued once that handle is
     * unreachable, because the ThreadLocal was erased or the thread ended. Held by the table, never by a thread.
     */
    static final class HandleWatch extends WeakReference<Object> {
        final Table table;

        HandleWatch(Object handle, Table table) {
            super(handle, QUEUE);
            this.table = table;
        }
    }

    /**
     * Each thread's table, through a WeakReference: a pooled thread's ThreadLocal must hold no object of this
     * library's class loader (an application server reports it as a leak, and it would keep the loader reachable).
     * The table itself is kept reachable by {@link #tables} while it matters.
     */
    private final ThreadLocal<WeakReference<Table>> ownTables = new ThreadLocal<>();
    /** Every thread's table, kept reachable here: a tracker only reachable from an ended thread would never fire. */
    private final Set<Table> tables = Collections.newSetFromMap(new IdentityHashMap<>()); // guarded by this
    private int tablesAtLastSweep = 16; // guarded by this
    /** The locked tables, a power of two of them: shared buffers' and virtual threads' trackers. */
    private final Table[] lockedTables;

    /** Frees what this ledger's closes deferred (shared JNI buffers freed in batches); run by the freeing thread. */
    private final Runnable flushDeferred;

    public Backstop() {
        this(() -> { });
    }

    /**
     * @param flushDeferred frees blocks that this ledger's closes left for later; the freeing thread runs it at least
     *     every {@value #IDLE_MILLIS} ms while it runs, and once more when it ends, so nothing waits longer than that
     */
    public Backstop(Runnable flushDeferred) {
        this.flushDeferred = flushDeferred;
        int count = 1;
        while (count < LOCKED_TABLES_PER_CPU * Runtime.getRuntime().availableProcessors()
                && count < MAX_LOCKED_TABLES) {
            count <<= 1;
        }
        lockedTables = new Table[count];
        for (int i = 0; i < count; i++) {
            lockedTables[i] = new Table(this, null);
        }
        LEDGERS.add(this);
    }

    /**
     * Starts tracking a new block. Confined, on a platform thread: in its own table, with plain writes. Shared, or
     * on a virtual thread: in a locked table. If it throws, the tracker may or may not be registered: see
     * {@link Tracker#isRegistered()}.
     */
    public void register(Tracker tracker, boolean confined) {
        Thread thread = Thread.currentThread();
        if (confined && !isVirtual(thread)) {
            WeakReference<Table> handle = ownTables.get();
            Table table = handle == null ? null : handle.get();
            if (table == null) {
                table = newTable();
                handle = ownTables.get();
            }
            table.add(tracker);
            // The add happens-before the GC clears the watch on this handle, and so before the table is retired.
            Reference.reachabilityFence(handle);
        } else {
            Table table = lockedTable(thread);
            synchronized (table) {
                table.add(tracker);
            }
        }
        if (!draining) {
            startDrainer();
        }
        FaultInjector faults = Backstop.faults;
        if (faults != null) {
            faults.at(FaultPoint.REGISTERED);
        }
    }

    /**
     * Frees the block of a buffer being closed, once; then stops tracking it. Confined: only on the owner thread.
     * May be called again after it threw: a block whose free did not run is freed then, and one already freed
     * never again. If it is not called again, the backstop frees the block once the buffer is unreachable.
     *
     * @param buffer the buffer being closed: kept reachable until the tracker is marked closed, so that the GC
     *     cannot enqueue the tracker meanwhile and the backstop free the block a second time
     */
    public void close(Tracker tracker, Object buffer) {
        try {
            int result = 0;
            boolean freedNow = false;
            if (!tracker.closed) {
                inject(FaultPoint.BEFORE_FREE);
                result = tracker.free(); // if this throws, the native free did not run: nothing is marked
                tracker.closed = true; // no call between the free's return and this store
                freedNow = true;
            }
            inject(FaultPoint.AFTER_FREE);
            if (tracker.registered) {
                Table table = tracker.batch.table;
                if (!table.locked) {
                    table.remove(tracker);
                } else {
                    synchronized (table) {
                        table.remove(tracker);
                    }
                }
            }
            tracker.markFreed(); // after the bookkeeping: a concurrent close() waiting for it sees the live count
            if (freedNow) {
                tracker.check(result);
            }
        } finally {
            Reference.reachabilityFence(buffer);
        }
    }

    /**
     * Blocks allocated and not yet freed, by close() or by the backstop. Exact whenever no allocation or close is
     * in flight (and the threads that made them happened-before this call, e.g. were joined).
     */
    public synchronized long liveCount() {
        long live = 0;
        for (Table table : lockedTables) {
            live += table.liveCount();
        }
        for (Table table : tables) {
            live += table.liveCount();
        }
        return live;
    }

    /** Test-only: how many tables this ledger keeps. */
    synchronized int tableCount() {
        return tables.size();
    }

    /** Test-only: erases the calling thread's ThreadLocal, as a ThreadLocal-clearing worker does between tasks. */
    void eraseThreadLocal() {
        ownTables.remove();
    }

    /** Test-only: the thread that frees leaked blocks, or null. */
    static Thread drainerThread() {
        synchronized (DRAINER_LOCK) {
            return drainer;
        }
    }

    /**
     * Backpressure: frees a few blocks the GC found leaked, if any are waiting. Call before allocating. Never
     * throws: a failure belongs to that leaked buffer, not to whichever allocation happened to help, and is logged.
     */
    public static void helpFree() {
        for (int i = 0; i < FREED_PER_ALLOCATION; i++) {
            Reference<?> queued = QUEUE.poll(); // one volatile read when the queue is empty
            if (queued == null) {
                return;
            }
            handle(queued);
            if (!draining) {
                startDrainer(); // something leaked while no thread was freeing: there may be more to come
            }
        }
    }

    /** Starts the freeing thread unless one runs; any thread. */
    private static void startDrainer() {
        synchronized (DRAINER_LOCK) {
            if (draining) {
                return;
            }
            if (drainer == null) {
                // Like the JDK's Cleaner thread: no context class loader and no inherited ThreadLocals, so that it
                // keeps nothing of the thread that happened to start it (e.g. a web application's request thread).
                Thread thread = new Thread(null, Backstop::drain, "jni-buffer-backstop", 0, false);
                thread.setDaemon(true);
                thread.setContextClassLoader(null);
                thread.start(); // if this throws, nothing is recorded, and the next registration tries again
                drainer = thread;
            } // else the current one is in its grace period, and goes on once it sees draining
            draining = true;
        }
    }

    private static void drain() {
        long lastFlush = System.nanoTime();
        while (true) {
            try {
                Reference<?> queued = QUEUE.remove(IDLE_MILLIS);
                if (queued != null) {
                    handle(queued);
                    retry(); // also while leaks keep coming: a failed free must not wait for a quiet second
                } else if (!retry() && stopIfIdle()) {
                    flushDeferred(); // after the last check: every close that could defer has done so
                    return;
                }
                if (queued == null || System.nanoTime() - lastFlush >= IDLE_MILLIS * 1_000_000) {
                    lastFlush = System.nanoTime();
                    flushDeferred();
                }
            } catch (Throwable t) { // InterruptedException (nobody should interrupt it), or an Error: go on
                logSafely("The jni-buffer backstop thread caught", t);
            }
        }
    }

    /** Runs every ledger's flushDeferred; never throws. */
    private static void flushDeferred() {
        for (Backstop ledger : LEDGERS) {
            try {
                ledger.flushDeferred.run();
            } catch (Throwable t) {
                logSafely("The jni-buffer backstop could not free the blocks of closed shared Buffers", t);
            }
        }
    }

    /**
     * Ends the freeing thread if nothing is left to do. A registration racing this cannot leave its buffer
     * unreclaimed for good. A registration records its tracker, then reads {@link #draining}; this sets it to
     * false, goes on freeing for {@value #GRACE_MILLIS} ms, then checks under DRAINER_LOCK that no ledger has a live
     * buffer. A registration whose read came after the store of false starts a thread itself (or, within the grace
     * period, keeps this one). One whose read came before it recorded its tracker earlier still, and this thread
     * sees that tracker in the live count {@value #GRACE_MILLIS} ms later (the count is written with release and
     * read with acquire) and stays. The memory model alone does not bound how late a plain store becomes visible, so
     * formally a tracker could still be missed; its block is then freed by the next allocation in this class loader
     * (every allocation first frees queued blocks, and restarts this thread when it finds one).
     */
    private static boolean stopIfIdle() throws InterruptedException {
        if (anyLive()) {
            return false;
        }
        synchronized (DRAINER_LOCK) {
            draining = false; // from now on a registration starts a thread, or tells this one to stay
        }
        Reference<?> queued;
        while ((queued = QUEUE.remove(GRACE_MILLIS)) != null) {
            handle(queued);
        }
        synchronized (DRAINER_LOCK) {
            if (draining || anyLive() || retries != null) {
                draining = true;
                return false;
            }
            drainer = null;
            return true;
        }
    }

    private static boolean anyLive() {
        for (Backstop ledger : LEDGERS) {
            if (ledger.liveCount() != 0) {
                return true;
            }
        }
        return false;
    }

    /** A dequeued reference: a leaked buffer's tracker, or the watch of a table that is retired. Never throws. */
    private static void handle(Reference<?> queued) {
        try {
            if (queued instanceof HandleWatch watch) {
                Table table = watch.table;
                table.watch = null;
                table.ledger.retire(table);
            } else {
                reclaim((Tracker) queued);
            }
        } catch (Throwable t) {
            if (queued instanceof Tracker tracker && (!tracker.closed || tracker.registered)) {
                synchronized (DRAINER_LOCK) { // no call in here: this must not throw where the reclaim did
                    tracker.nextRetry = retries;
                    retries = tracker;
                }
            }
            logSafely("The jni-buffer backstop could not free a leaked Buffer", t);
        }
    }

    /** Retries the reclaims that threw; returns whether there were any. Freeing thread only. */
    private static boolean retry() {
        Tracker failed;
        synchronized (DRAINER_LOCK) {
            failed = retries;
            retries = null;
        }
        for (Tracker tracker = failed; tracker != null; ) {
            Tracker next = tracker.nextRetry;
            tracker.nextRetry = null;
            handle(tracker);
            tracker = next;
        }
        return failed != null;
    }

    /**
     * Frees a block whose buffer the GC found unreachable, reports the leak, and stops tracking it. May run again
     * for the same tracker after it threw: each step runs once.
     */
    private static void reclaim(Tracker tracker) {
        int result = 0;
        boolean freedNow = false;
        if (!tracker.closed) { // else close() freed it, and its bookkeeping may still be due
            inject(FaultPoint.BEFORE_RECLAIM_FREE);
            result = tracker.free(); // if this throws, the native free did not run: retried later
            tracker.closed = true; // no call in between
            freedNow = true;
        }
        if (tracker.registered) {
            tracker.backstop.forget(tracker);
        }
        tracker.markFreed();
        if (freedNow) {
            try {
                LeakReporter.INSTANCE.reportLeak(tracker.size, tracker.allocationSite);
            } catch (Throwable t) { // a logger that throws must not stop the freeing
                logSafely("The jni-buffer leak report failed", t);
            }
            tracker.check(result);
        }
    }

    private void forget(Tracker tracker) {
        Table table = tracker.batch.table;
        if (table.locked) {
            synchronized (table) {
                table.remove(tracker);
            }
            return;
        }
        table.removeReclaimed(tracker);
        synchronized (this) {
            if (table.isRetired() && table.liveCount() == 0) {
                tables.remove(table); // its owner cannot add to it any more, and its last buffer is freed
            }
        }
    }

    private synchronized void retire(Table table) {
        table.retired = true;
        if (table.liveCount() == 0) {
            tables.remove(table);
        }
    }

    private Table newTable() {
        Table table = new Table(this, Thread.currentThread());
        WeakReference<Table> handle = new WeakReference<>(table);
        table.watch = new HandleWatch(handle, table);
        synchronized (this) {
            tables.add(table);
            if (tables.size() >= 2 * tablesAtLastSweep) {
                // Amortised: retired tables whose buffers were all closed by their owner, which nothing else drops.
                tables.removeIf(candidate -> candidate.isRetired() && candidate.liveCount() == 0);
                tablesAtLastSweep = Math.max(16, tables.size());
            }
        }
        ownTables.set(handle); // last: if anything above threw, the next registration starts over
        return table;
    }

    /** Spreads threads over the locked tables by id: any spread will do, since a tracker knows its table. */
    private Table lockedTable(Thread thread) {
        return lockedTables[(int) thread.getId() & (lockedTables.length - 1)];
    }

    static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (RuntimeException | Error e) { // e.g. StackOverflowError, before anything was registered
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("Thread.isVirtual() threw", t);
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup()
                    .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // JDK 17 or 18: no virtual threads
        }
    }

    private static void inject(FaultPoint point) {
        FaultInjector faults = Backstop.faults;
        if (faults != null) {
            faults.at(point);
        }
    }

    private static void logSafely(String message, Throwable t) {
        try {
            LOGGER.log(Level.ERROR, message, t);
        } catch (Throwable ignored) { // nowhere left to report it
        }
    }
}
