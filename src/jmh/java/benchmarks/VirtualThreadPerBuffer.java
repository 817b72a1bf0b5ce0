package benchmarks;

import io.github.jnibuffer.Buffer;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Not a JMH benchmark: one run of a million virtual threads, each allocating, filling and closing one 16-byte buffer,
 * with the library's {@code Buffer} or with the JDK's {@code Arena.ofConfined()}; prints the wall time and the growth
 * of peak resident memory. Each run needs a JVM of its own (peak RSS never goes down), with a fixed, pre-touched heap,
 * so that the growth is native memory and G1's heap sizing does not count (docs/benchmarks.md, "A virtual thread per
 * buffer"); build with {@code ./mvnw -Pjmh -DskipTests test-compile}:
 *
 * <pre>{@code
 * java -Xms256m -Xmx256m -XX:+AlwaysPreTouch --enable-native-access=ALL-UNNAMED -Djava.library.path=target/native \
 *     -cp target/classes:target/benchmark-classes benchmarks.VirtualThreadPerBuffer buffer|arena [threads]
 * }</pre>
 */
public final class VirtualThreadPerBuffer {
    private static final int SIZE = 16;
    /** Threads started and not finished, as in VirtualThreadsTest: a million waiting threads would fill the heap. */
    private static final int IN_FLIGHT = 10_000;

    public static void main(String[] args) throws Exception {
        boolean buffer = args[0].equals("buffer");
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Runnable task = buffer ? VirtualThreadPerBuffer::withBuffer : VirtualThreadPerBuffer::withArena;
        run(task, threads / 10); // warm-up: JIT, the native library, the carrier threads
        System.gc();
        long before = statusKiB("VmRSS:");
        long start = System.nanoTime();
        run(task, threads);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(args[0] + " threads=" + threads + " millis=" + millis
                + " peakRssGrowthKiB=" + (statusKiB("VmHWM:") - before));
    }

    private static void withBuffer() {
        try (Buffer buffer = Buffer.allocate(SIZE)) {
            buffer.fill();
        }
    }

    /** The same work with Panama alone: a confined arena, and the pattern fill_buffer writes, in Java. */
    private static void withArena() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(SIZE);
            for (int i = 0; i < SIZE; i++) {
                segment.set(ValueLayout.JAVA_BYTE, i, (byte) i);
            }
        }
    }

    private static void run(Runnable body, int threads) throws InterruptedException {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < threads; i++) {
                inFlight.acquire();
                executor.execute(() -> {
                    try {
                        body.run();
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
    }

    /** A line of /proc/self/status, in KiB: VmRSS (now) or VmHWM (the peak so far). */
    private static long statusKiB(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/self/status");
    }

    private VirtualThreadPerBuffer() {}
}
