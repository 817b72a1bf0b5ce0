package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.ChildScenarios;
import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariant: a program that leaks buffers faster than the GC backstop's thread can free them gets slower; it never
 * dies of the leak. Every allocation first frees up to eight buffers the GC found leaked, so the buffers waiting to
 * be freed cannot pile up in the heap.
 *
 * <p>Ten child JVMs with a 24 MiB heap, three at a time, each leak a million 64-byte buffers from one thread, and
 * must all finish with exit code 0 and every buffer freed. It can fail: with the allocations' help switched off
 * ({@code FREED_PER_ALLOCATION = 0} in {@code Backstop}), 2 of 9 runs of two million buffers died of
 * {@code OutOfMemoryError: Java heap space}, and 3 of 9 with the Cleaner this library used before (JDK 25, AMD EPYC,
 * on a loaded machine); with it, 9 of 9 finished.
 */
class BackpressureTest {
    private static final int RUNS = 10;
    private static final int BUFFERS = 1_000_000;

    @ParameterizedTest
    @MethodSource("io.github.jnibuffer.testing.Implementations#all")
    @Timeout(300)
    void aLeakingProgramFinishesWithEveryBufferFreed(Implementation implementation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3); // three children at a time: a busy machine
        try {
            List<Future<ChildJvm.Result>> runs = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                List<String> options = new ArrayList<>(List.of("-Xmx24m", "-Djnibuffer.leakWarnings=false"));
                options.addAll(ChildJvm.nativeOptions());
                runs.add(pool.submit(() -> ChildJvm.runMain(options, ChildScenarios.class, implementation.name(),
                        "leak-loop", String.valueOf(BUFFERS), "1")));
            }
            for (Future<ChildJvm.Result> future : runs) {
                ChildJvm.Result result = future.get();
                assertAll(
                        () -> assertEquals(0, result.exitCode(), result.toString()),
                        () -> assertTrue(result.output().contains("leaked=" + BUFFERS), result.toString()),
                        () -> Scenario.assertLive(0, result));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
