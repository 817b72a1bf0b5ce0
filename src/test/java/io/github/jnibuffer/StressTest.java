package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.Implementation.TestBuffer;
import io.github.jnibuffer.testing.LiveCounts;
import io.github.jnibuffer.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stress and soak: races and volumes far beyond the unit tests, with fixed counts so that pass or fail never
 * depends on timing, and a timeout on each as a cap. Tagged "stress": not part of {@code ./mvnw test}; run with
 * {@code ./mvnw test -Dcheck=stress} (.ci/checks/tagged stress).
 */
@Tag("stress")
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.jnibuffer.testing.Implementations#all")
class StressTest {
    private static final int THREADS = 4;

    @Parameter
    Implementation implementation;

    /**
     * Threads run every operation on a shared buffer while two others close it after a random number of completed
     * operations (0 to 200, so closes land before, among and after the first ones). Each operation
     * either completes with the right bytes or is refused with "buffer closed"; every worker ends by seeing the
     * close, nothing is freed twice, and nothing leaks.
     */
    @Test
    @Timeout(300)
    void closeRacingEveryOperationOnSharedBuffers() throws Exception {
        int rounds = 1_500;
        LiveCounts start = LiveCounts.of(implementation);
        SplittableRandom random = new SplittableRandom(42);
        AtomicLong completed = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2);
        try {
            for (int round = 0; round < rounds; round++) {
                int size = 1 + random.nextInt(1 << 14);
                long closeAfter = completed.get() + random.nextInt(200);
                TestBuffer buffer = implementation.allocateShared(size);
                buffer.fill(); // from here on the contents are always the pattern, whatever runs concurrently
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> tasks = new ArrayList<>();
                for (int w = 0; w < THREADS; w++) {
                    long seed = random.nextLong();
                    tasks.add(pool.submit(() -> {
                        await(go);
                        refused.addAndGet(useUntilClosed(buffer, new SplittableRandom(seed), completed));
                    }));
                }
                for (int c = 0; c < 2; c++) {
                    tasks.add(pool.submit(() -> {
                        await(go);
                        while (completed.get() < closeAfter) {
                            Thread.onSpinWait();
                        }
                        buffer.close();
                        start.assertUnchanged(implementation, "close() returned before freeing");
                    }));
                }
                go.countDown();
                for (Future<?> task : tasks) {
                    task.get(60, TimeUnit.SECONDS); // rethrows a worker's assertion failure
                }
            }
        } finally {
            pool.shutdownNow();
        }
        start.assertUnchanged(implementation, "every buffer closed");
        assertEquals((long) rounds * THREADS, refused.get(), "every worker must end by seeing the close");
        assertTrue(completed.get() > 0, "the workers must have got some operations in before the close");
        System.out.printf("stress: %s, %d rounds, %d operations completed, %d refused after close%n",
                implementation.name(), rounds, completed.get(), refused.get());
    }

    /** Random operations, each checked, until one is refused because the buffer is closed; returns 1 then. */
    private static long useUntilClosed(TestBuffer buffer, SplittableRandom random, AtomicLong completed) {
        int size = buffer.size();
        while (true) {
            try {
                switch (random.nextInt(4)) {
                    case 0 -> buffer.fill();
                    case 1 -> {
                        int index = random.nextInt(size);
                        assertEquals((byte) index, buffer.get(index));
                    }
                    case 2 -> assertEquals((byte) (size - 1), buffer.toByteArray()[size - 1]);
                    default -> {
                        int index = random.nextInt(size);
                        byte[] dst = new byte[Math.min(64, size - index)];
                        buffer.copyTo(index, dst, 0, dst.length);
                        assertEquals((byte) index, dst[0]);
                    }
                }
                completed.incrementAndGet();
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage().contains("buffer closed"), e.getMessage());
                return 1;
            }
        }
    }

    /**
     * Foreign threads call every method of a confined buffer, close included, while its owner uses it: each
     * foreign call is refused, the owner never sees a wrong byte, and the buffer stays open until the owner closes.
     */
    @Test
    @Timeout(300)
    void confinedBuffersRefuseForeignThreadsUnderLoad() throws Exception {
        int rounds = 300;
        int callsPerThread = 500;
        LiveCounts start = LiveCounts.of(implementation);
        AtomicLong refused = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < rounds; round++) {
                TestBuffer buffer = implementation.allocate(4096);
                buffer.fill();
                List<Future<?>> foreign = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    foreign.add(pool.submit(() -> {
                        for (int call = 0; call < callsPerThread; call++) {
                            try {
                                switch (call % 5) {
                                    case 0 -> buffer.fill();
                                    case 1 -> buffer.get(call);
                                    case 2 -> buffer.toByteArray();
                                    case 3 -> buffer.copyTo(0, new byte[8], 0, 8);
                                    default -> buffer.close();
                                }
                                throw new AssertionError("a foreign thread's call was not refused");
                            } catch (IllegalStateException e) {
                                assertTrue(e.getMessage().contains("only its owner thread"), e.getMessage());
                                refused.incrementAndGet();
                            }
                        }
                    }));
                }
                while (!foreign.stream().allMatch(Future::isDone)) { // the owner keeps working meanwhile
                    buffer.fill();
                    assertEquals((byte) 4095, buffer.get(4095));
                    assertEquals((byte) 100, buffer.toByteArray()[100]);
                }
                for (Future<?> task : foreign) {
                    task.get();
                }
                assertFalse(buffer.isClosed(), "a foreign close() must leave the buffer open");
                buffer.close();
            }
        } finally {
            pool.shutdownNow();
        }
        start.assertUnchanged(implementation, "every buffer closed");
        assertEquals((long) rounds * THREADS * callsPerThread, refused.get());
    }

    /**
     * Four million 1 KiB buffers allocated, filled and dropped without close(): the GC backstop alone frees them. Had it
     * fallen behind, resident memory would approach 4 GiB; it must stay under a quarter of that (it is typically
     * 150-300 MiB here), and the live count must be back to 0 once the GC has seen them all. In a child JVM with a
     * 32 MiB heap, so that no other test interferes and the GC runs often.
     */
    @Test
    @Timeout(600)
    void theBackstopKeepsUpWithMillionsOfUnclosedBuffers() throws Exception {
        int count = 4_000_000;
        int size = 1024;
        long leakKiB = (long) count * size / 1024;
        ChildJvm.Result result = Scenario.run(implementation, List.of("-Xms32m", "-Xmx32m",
                "-Djnibuffer.leakWarnings=false"), "drop-soak", Integer.toString(count), Integer.toString(size));
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertEquals(count, Scenario.value(result, "dropped"), result::toString),
                () -> Scenario.assertLive(0, result),
                () -> assertTrue(Scenario.value(result, "peakRssGrowthKiB") < leakKiB / 4, result::toString));
        System.out.println("stress: " + implementation.name() + " drop-soak " + result.output().replace('\n', ' '));
    }

    /** The JVM exits normally, again and again, while buffers are in use on other threads and being cleaned. */
    @Test
    @Timeout(300)
    void theJvmExitsCleanlyWhileBuffersAreInUseAndBeingCleaned() throws Exception {
        for (int run = 0; run < 10; run++) {
            ChildJvm.Result result = Scenario.run(implementation, List.of("-Djnibuffer.leakWarnings=false"),
                    "exit-while-busy");
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.output().contains("exiting"), result::toString);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
