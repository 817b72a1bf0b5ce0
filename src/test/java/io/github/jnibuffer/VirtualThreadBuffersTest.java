package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jnibuffer.testing.AddressSanitizer;
import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.ProcessStatus;
import io.github.jnibuffer.testing.VirtualThreads;
import io.github.jnibuffer.testing.Scenario;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Invariant: a virtual thread per buffer costs about what the JDK's {@code Arena.ofConfined()} costs in memory. A
 * million virtual threads each allocate, fill and close one 16-byte {@link Buffer}, and the same loop runs with a
 * confined arena in another child JVM; the buffer run's peak memory may grow by at most 1.3 times the arena's.
 *
 * <p>Peak RSS has two parts, measured apart, because one figure is too noisy to judge on a shared machine. The heap:
 * where the heap may grow, G1 grows it by its own heuristics (pause time against run time), which move peak RSS by
 * a factor of two from run to run in either mode; what the library adds to it is what survives collections, so the
 * children run with a fixed, pre-touched heap (as {@code benchmarks.VirtualThreadPerBuffer} does) and report the peak
 * occupancy of the survivor and old generations. The rest: peak RSS growth itself, which with that heap is native
 * memory and is 1 to 2 MiB in either mode, the JVM's own noise; it may exceed 1.3 times the arena's by
 * {@value #NATIVE_NOISE_KIB} KiB (4 bytes per thread). The kept heap, a few MiB in either mode, moves with the timing of
 * young collections on a busy machine, so it may exceed 1.3 times the arena's by {@value #HEAP_NOISE_KIB} KiB, a
 * twentieth of what a table per thread adds. Each mode runs five times, alternately, and medians are
 * compared. The time side is measured by {@code benchmarks.VirtualThreadPerBuffer}, never here.
 *
 * <p>It can fail: with a table per thread (the code before the locked tables, 31ead81), the buffer runs kept 23 to
 * 65 MiB of heap at peak against the arena's 3.9 to 5.8 MiB (and, with a heap G1 may grow, peak RSS grew by 300 to
 * 390 MiB against 95 to 115 MiB).
 */
class VirtualThreadBuffersTest {
    private static final int THREADS = 1_000_000;
    private static final List<String> HEAP = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");
    private static final int RUNS = 5;
    private static final double MAX_RATIO = 1.3;
    private static final long NATIVE_NOISE_KIB = 4096;
    /** What the kept heap may vary by with the timing of young collections: a twentieth of the table-per-thread gap. */
    private static final long HEAP_NOISE_KIB = 1024;

    @Test
    void aVirtualThreadPerBufferGrowsThePeakAsLittleAsAConfinedArena() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25,
                "compared with the JDK's Arena on JDK 25, the JDK the target is set for; this is JDK "
                        + Runtime.version());
        assumeTrue(!AddressSanitizer.isPreloaded(), "ASan's quarantine keeps freed memory resident on purpose");
        List<ChildJvm.Result> arenas = new ArrayList<>();
        List<ChildJvm.Result> buffers = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) { // alternately, so that a busy spell on the machine hits both modes
            arenas.add(run("arena"));
            buffers.add(run("buffer"));
        }
        String report = "arena: " + arenas + "\nbuffer: " + buffers;
        List<ChildJvm.Result> all = new ArrayList<>(arenas);
        all.addAll(buffers);
        for (ChildJvm.Result result : all) {
            assertEquals(0, result.exitCode(), report);
            assertEquals(THREADS, Scenario.value(result, "virtualThreadsDone"), report);
        }
        long arenaHeap = median(arenas, "peakKeptHeapKiB");
        long bufferHeap = median(buffers, "peakKeptHeapKiB");
        long arenaRss = median(arenas, "peakRssGrowthKiB");
        long bufferRss = median(buffers, "peakRssGrowthKiB");
        System.out.println("medians, buffer against arena: heap kept " + bufferHeap + " KiB / " + arenaHeap
                + " KiB, peak RSS growth " + bufferRss + " KiB / " + arenaRss + " KiB");
        assertAll(
                () -> assertTrue(bufferHeap <= MAX_RATIO * arenaHeap + HEAP_NOISE_KIB, "a virtual thread per Buffer kept"
                        + " at peak " + bufferHeap + " KiB of heap, a confined Arena " + arenaHeap + " KiB (medians of "
                        + RUNS + " runs; at most " + MAX_RATIO + "x + " + HEAP_NOISE_KIB + " KiB allowed)\n" + report),
                () -> assertTrue(bufferRss <= MAX_RATIO * arenaRss + NATIVE_NOISE_KIB, "a virtual thread per Buffer"
                        + " grew the peak resident memory by " + bufferRss + " KiB, a confined Arena by " + arenaRss
                        + " KiB (medians of " + RUNS + " runs; at most " + MAX_RATIO + "x + " + NATIVE_NOISE_KIB
                        + " KiB allowed)\n" + report));
    }

    private static long median(List<ChildJvm.Result> results, String key) {
        long[] values = results.stream().mapToLong(result -> Scenario.value(result, key)).sorted().toArray();
        return values[values.length / 2];
    }

    private static ChildJvm.Result run(String mode) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(ChildJvm.nativeOptions());
        options.addAll(HEAP);
        return ChildJvm.runMain(options, Child.class, mode, Integer.toString(THREADS));
    }

    /** The child JVM: {@code Child buffer|arena <threads>}; prints key=value lines. */
    public static final class Child {
        private static final int SIZE = 16;
        /** Threads started but not finished, as in VirtualThreadPerBuffer. */
        private static final int IN_FLIGHT = 10_000;

        public static void main(String[] args) throws Throwable {
            Runnable body = args[0].equals("buffer") ? Child::withBuffer : new WithArena();
            int threads = Integer.parseInt(args[1]);
            run(body, threads / 10); // warm-up: JIT, the native library, the carrier threads
            System.gc();
            List<MemoryPoolMXBean> kept = keptPools();
            kept.forEach(MemoryPoolMXBean::resetPeakUsage);
            long before = ProcessStatus.residentKiB();
            long start = System.nanoTime();
            long done = run(body, threads);
            System.out.println("virtualThreadsDone=" + done);
            System.out.println("peakRssGrowthKiB=" + (ProcessStatus.peakResidentKiB() - before));
            System.out.println("peakKeptHeapKiB="
                    + kept.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / 1024);
            System.out.println("millis=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            System.out.println("liveBuffers=" + Buffer.liveCount());
        }

        /** The heap pools objects reach only by surviving a collection: survivor and old generation. */
        private static List<MemoryPoolMXBean> keptPools() {
            return ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP && !pool.getName().contains("Eden"))
                    .toList();
        }

        private static void withBuffer() {
            try (Buffer buffer = Buffer.allocate(SIZE)) {
                buffer.fill();
            }
        }

        private static long run(Runnable body, int threads) throws Exception {
            return VirtualThreads.runEach(threads, IN_FLIGHT, () -> {
                body.run();
                return true;
            });
        }

        /** {@code try (Arena a = Arena.ofConfined()) { fill a.allocate(16) in Java }}, by method handles (JDK 22). */
        private static final class WithArena implements Runnable {
            private final MethodHandle ofConfined;
            private final MethodHandle allocate;
            private final MethodHandle set;
            private final MethodHandle close;
            private final Object byteLayout;

            WithArena() throws ReflectiveOperationException {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                Class<?> ofByte = Class.forName("java.lang.foreign.ValueLayout$OfByte");
                ofConfined = lookup.findStatic(arena, "ofConfined", MethodType.methodType(arena))
                        .asType(MethodType.methodType(Object.class));
                allocate = lookup.findVirtual(arena, "allocate", MethodType.methodType(segment, long.class))
                        .asType(MethodType.methodType(Object.class, Object.class, long.class));
                set = lookup.findVirtual(segment, "set",
                                MethodType.methodType(void.class, ofByte, long.class, byte.class))
                        .asType(MethodType.methodType(void.class, Object.class, Object.class, long.class, byte.class));
                close = lookup.findVirtual(arena, "close", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class));
                byteLayout = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_BYTE").get(null);
            }

            @Override
            public void run() {
                try {
                    Object arena = (Object) ofConfined.invokeExact();
                    try {
                        Object segment = (Object) allocate.invokeExact(arena, (long) SIZE);
                        for (int i = 0; i < SIZE; i++) {
                            set.invokeExact(segment, byteLayout, (long) i, (byte) i);
                        }
                    } finally {
                        close.invokeExact(arena);
                    }
                } catch (Throwable t) {
                    throw new AssertionError(t);
                }
            }
        }
    }
}
