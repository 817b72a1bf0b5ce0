package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.Implementation.TestBuffer;
import io.github.jnibuffer.testing.OtherThread;
import io.github.jnibuffer.testing.Pattern;
import io.github.jnibuffer.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariant: threads. A confined buffer refuses every other thread; a shared buffer serves all of them, and its
 * close() waits for operations in flight instead of freeing memory under them.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.jnibuffer.testing.Implementations#all")
class ThreadConfinementTest {
    /** Every method that must check the thread: all but size(), isClosed(), isShared() and toString(). */
    private static final Map<String, Consumer<TestBuffer>> CHECKED_OPERATIONS = Map.of(
            "fill", TestBuffer::fill,
            "get", buffer -> buffer.get(0),
            "toByteArray", TestBuffer::toByteArray,
            "copyTo", buffer -> buffer.copyTo(0, new byte[4], 0, 4),
            "close", TestBuffer::close);

    @Parameter
    Implementation implementation;

    @Nested
    class Confined {
        @Test
        void everyCheckedMethodThrowsOnAnotherThreadNamingBothThreads() throws Exception {
            try (TestBuffer buffer = implementation.allocate(16)) {
                buffer.fill();
                for (Map.Entry<String, Consumer<TestBuffer>> operation : CHECKED_OPERATIONS.entrySet()) {
                    Throwable thrown = OtherThread.failureOf(() -> operation.getValue().accept(buffer));
                    String name = operation.getKey();
                    assertInstanceOf(IllegalStateException.class, thrown, name);
                    assertTrue(thrown.getMessage().contains(OtherThread.NAME), name + ": " + thrown.getMessage());
                    assertTrue(thrown.getMessage().contains(Thread.currentThread().getName()),
                            name + ": " + thrown.getMessage());
                }
                assertFalse(buffer.isClosed(), "a refused close must leave the buffer open");
                assertArrayEquals(Pattern.of(16), buffer.toByteArray(), "the owner can still use it");
            }
        }

        @Test
        void theThreadIsCheckedBeforeTheClosedState() throws Exception {
            TestBuffer buffer = implementation.allocate(16);
            buffer.close();
            Throwable thrown = OtherThread.failureOf(buffer::fill);
            assertInstanceOf(IllegalStateException.class, thrown);
            assertTrue(thrown.getMessage().contains(OtherThread.NAME), thrown.getMessage());
        }

        @Test
        void sizeStateAndDescriptionWorkOnAnyThread() throws Exception {
            String owner = Thread.currentThread().getName();
            try (TestBuffer buffer = implementation.allocate(16)) {
                assertNull(OtherThread.failureOf(() -> {
                    assertEquals(16, buffer.size());
                    assertFalse(buffer.isClosed());
                    assertFalse(buffer.isShared());
                    assertTrue(buffer.toString().contains("confined to thread \"" + owner + "\""), buffer.toString());
                }));
            }
        }

        @Test
        void anotherThreadSeesTheCloseOfTheOwner() throws Exception {
            TestBuffer buffer = implementation.allocate(16);
            buffer.close();
            assertNull(OtherThread.failureOf(() -> assertTrue(buffer.isClosed())));
        }
    }

    @Nested
    class Shared {
        @Test
        void manyThreadsFillAndReadTheSameBuffer() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try (TestBuffer buffer = implementation.allocateShared(4096)) {
                List<Future<byte[]>> results = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    results.add(pool.submit(() -> {
                        buffer.fill();
                        return buffer.toByteArray();
                    }));
                }
                for (Future<byte[]> result : results) {
                    assertArrayEquals(Pattern.of(4096), result.get(30, TimeUnit.SECONDS));
                }
                assertTrue(buffer.isShared());
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void anyThreadMayCloseIt() throws Exception {
            long start = implementation.liveCount();
            TestBuffer buffer = implementation.allocateShared(16);
            assertNull(OtherThread.failureOf(buffer::close));
            assertTrue(buffer.isClosed());
            assertEquals(start, implementation.liveCount());
        }

        /**
         * One thread fills a 256 MiB shared buffer over and over while another closes it. malloc serves a block that
         * size with mmap, so a free under a running fill would unmap the memory and the fill would crash the child
         * JVM with SIGSEGV: close() must wait for the fill in flight, and the fill must then stop with "buffer
         * closed". Deterministic: the filler is inside fill_buffer nearly all the time.
         */
        @Test
        @Timeout(120)
        void closeWaitsForAnOperationInFlight() throws Exception {
            ChildJvm.Result result = Scenario.run(implementation, List.of(), "close-during-fill");
            assertAll(
                    () -> assertEquals(0, result.exitCode(), result::toString),
                    () -> assertTrue(Scenario.value(result, "fillsCompleted") >= 1, result::toString),
                    () -> assertTrue(result.output().contains("filler stopped: buffer closed"), result::toString),
                    () -> Scenario.assertLive(0, result));
        }

        @Test
        void concurrentClosesAllReturnOnlyOnceTheMemoryIsFreed() throws Exception {
            long start = implementation.liveCount();
            for (int round = 0; round < 200; round++) {
                TestBuffer buffer = implementation.allocateShared(1 << 16);
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> closers = new ArrayList<>();
                AtomicLong earlyReturns = new AtomicLong();
                for (int i = 0; i < 4; i++) {
                    Thread closer = new Thread(() -> {
                        awaitQuietly(go);
                        buffer.close();
                        if (implementation.liveCount() != start) {
                            earlyReturns.incrementAndGet();
                        }
                    });
                    closers.add(closer);
                    closer.start();
                }
                go.countDown();
                for (Thread closer : closers) {
                    closer.join();
                }
                assertEquals(0, earlyReturns.get(), "a close() returned before the memory was freed");
            }
            assertEquals(start, implementation.liveCount());
        }

        /**
         * Several threads fill and read shared buffers while another closes them, for many rounds. Every operation
         * either completes with the right bytes or fails with "buffer closed"; nothing else, no crash, no leak.
         */
        @Test
        @Timeout(120)
        void closeRacingFillAndReadsIsSafe() throws Exception {
            long start = implementation.liveCount();
            int workers = 4;
            ExecutorService pool = Executors.newFixedThreadPool(workers + 1);
            AtomicLong completed = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            try {
                for (int round = 0; round < 500; round++) {
                    TestBuffer buffer = implementation.allocateShared(4096);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<?>> tasks = new ArrayList<>();
                    long completedBefore = completed.get();
                    for (int w = 0; w < workers; w++) {
                        tasks.add(pool.submit(() -> {
                            awaitQuietly(go);
                            while (true) { // until the close is seen
                                try {
                                    buffer.fill();
                                    assertEquals((byte) 100, buffer.get(100));
                                    completed.incrementAndGet();
                                } catch (IllegalStateException e) {
                                    assertTrue(e.getMessage().contains("buffer closed"), e.getMessage());
                                    refused.incrementAndGet();
                                    return;
                                }
                            }
                        }));
                    }
                    tasks.add(pool.submit(() -> {
                        awaitQuietly(go);
                        while (completed.get() == completedBefore) { // close only once the workers are busy
                            Thread.onSpinWait();
                        }
                        buffer.close();
                    }));
                    go.countDown();
                    for (Future<?> task : tasks) {
                        task.get(60, TimeUnit.SECONDS); // rethrows any assertion failure from a worker
                    }
                    assertTrue(buffer.isClosed());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(start, implementation.liveCount());
            assertEquals(500L * workers, refused.get(), "every worker must end by seeing the close");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
