package io.github.jnibuffer.internal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jnibuffer.Buffer;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Invariant: the backstop's bookkeeping keeps no ended thread reachable, and threads whose ThreadLocals are erased
 * between tasks (a ForkJoinWorkerThread that clears them, a container's ThreadLocal cleaner) do not grow it
 * without bound.
 *
 * Virtual threads, which often live for one buffer, create no table at all, and their leaked buffers are still freed.
 *
 * <p>It can fail: with tables holding their owner strongly, the ended thread stays reachable; with a table
 * dropped only once its owner has ended (no watch on the ThreadLocal's handle), the worker's tables pile up, one per
 * task; and with virtual threads given a table each, as platform threads are, a thousand of them leave tables.
 */
class BackstopBookkeepingTest {
    private static final long WAIT_NANOS = 30_000_000_000L;

    /** A tracker with nothing to free, so that only the bookkeeping is tested. */
    private static final class NothingToFree extends Tracker {
        NothingToFree(Object buffer, Backstop backstop) {
            super(buffer, 16, backstop);
        }

        @Override
        protected int free() {
            return 0;
        }

        @Override
        protected void check(int result) {}
    }

    @Test
    void anEndedThreadIsCollectableWhileItsTableStillHoldsAnOpenTracker() throws Exception {
        Backstop backstop = new Backstop();
        Object[] leftOpen = new Object[1]; // keeps the tracker open, so its table must stay after its owner ends
        Thread owner = new Thread(() -> {
            leftOpen[0] = new Object();
            backstop.register(new NothingToFree(leftOpen[0], backstop), true);
        }, "registers-and-ends");
        owner.start();
        owner.join();
        WeakReference<Thread> ended = new WeakReference<>(owner);
        owner = null;
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (ended.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        // A table that held its owner strongly would keep it for as long as the open tracker keeps the table.
        assertNull(ended.get(), "the ended thread is still reachable after 30 s of System.gc()");
        assertEquals(1, backstop.liveCount(), "the open tracker, and so its table, must still be there");
        Reference.reachabilityFence(leftOpen[0]);
    }

    @Test
    void aWorkerThatErasesItsThreadLocalsAfterEachTaskKeepsFewTables() throws Exception {
        Backstop backstop = new Backstop();
        int tasks = 5_000;
        for (int task = 0; task < tasks; task++) {
            Object buffer = new Object();
            Tracker tracker = new NothingToFree(buffer, backstop);
            backstop.register(tracker, true);
            backstop.close(tracker, buffer);
            backstop.eraseThreadLocal(); // what the worker does between tasks
        }
        assertEquals(0, backstop.liveCount());
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (backstop.tableCount() > 16 && System.nanoTime() < deadline) {
            System.gc();
            Backstop.helpFree(); // as the next allocation would, if the backstop's thread has ended
            Thread.sleep(20);
        }
        int left = backstop.tableCount();
        assertTrue(left <= 16, left + " tables kept after " + tasks + " tasks, all buffers closed");
    }

    @Test
    void virtualThreadsKeepNoTableOfTheirOwn() throws Exception {
        Backstop backstop = new Backstop();
        onVirtualThreads(1_000, () -> {
            Object buffer = new Object();
            Tracker tracker = new NothingToFree(buffer, backstop);
            backstop.register(tracker, true);
            backstop.close(tracker, buffer);
        });
        assertEquals(0, backstop.liveCount());
        assertEquals(0, backstop.tableCount(), "tables made for virtual threads");
    }

    @Test
    void aBufferLeakedOnAVirtualThreadIsStillFreed() throws Exception {
        Backstop backstop = new Backstop();
        onVirtualThreads(100, () -> backstop.register(new NothingToFree(new Object(), backstop), true));
        assertEquals(0, backstop.tableCount(), "tables made for virtual threads");
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (backstop.liveCount() != 0 && System.nanoTime() < deadline) {
            System.gc();
            Backstop.helpFree();
            Thread.sleep(20);
        }
        assertEquals(0, backstop.liveCount(), "leaked buffers of virtual threads left unfreed");
    }

    /** Runs {@code task} on each of {@code threads} new virtual threads (JDK 21 API, by reflection: built for 17). */
    private static void onVirtualThreads(int threads, Runnable task) throws Exception {
        assumeTrue(Runtime.version().feature() >= 21,
                "virtual threads need JDK 21 or newer; this is JDK " + Runtime.version());
        ExecutorService executor =
                (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        Future<?>[] done = new Future<?>[threads];
        for (int i = 0; i < threads; i++) {
            done[i] = executor.submit(task);
        }
        executor.shutdown();
        assertTrue(executor.awaitTermination(1, TimeUnit.MINUTES), "virtual threads still running after a minute");
        for (Future<?> future : done) {
            future.get(); // rethrows what a task threw
        }
    }
}
