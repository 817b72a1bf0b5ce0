package io.github.jnibuffer.internal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.Buffer;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/**
 * Invariant: the backstop's bookkeeping keeps no ended thread reachable, and threads whose ThreadLocals are erased
 * between tasks (a ForkJoinWorkerThread that clears them, a container's ThreadLocal cleaner) do not grow it
 * without bound.
 *
 * <p>It can fail: with tables holding their owner strongly, the ended thread stays reachable; and with a table
 * dropped only once its owner has ended, the worker's tables pile up, one per task.
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
    void aThreadThatUsedBuffersAndEndedIsCollectable() throws Exception {
        WeakReference<Thread> ended = runAndForget(() -> {
            for (int i = 0; i < 100; i++) {
                try (Buffer buffer = Buffer.allocate(16)) {
                    buffer.fill();
                }
            }
        });
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (ended.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(ended.get(), "the ended thread is still reachable");
    }

    private static WeakReference<Thread> runAndForget(Runnable body) throws InterruptedException {
        Thread thread = new Thread(body, "allocates-closes-and-ends");
        thread.start();
        thread.join();
        return new WeakReference<>(thread);
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
}
