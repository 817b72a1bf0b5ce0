package benchmarks;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a fill makes the JVM wait for a safepoint. One thread fills a Java array in a loop while the main thread
 * asks for a GC every 7 ms; the JVM's own log ({@code -Xlog:safepoint}) says how long each safepoint took to reach.
 * A critical downcall keeps its thread "in Java" until it returns, so every safepoint waits for the whole call.
 *
 * <p>Usage, from the project directory after {@code mvn -Pjmh -DskipTests verify} (or its test-compile), with the
 * benchmark class path: {@code java -cp <...> benchmarks.TimeToSafepoint <route> <bytes> [seconds]}. It starts a
 * child JVM per measurement and prints one line: the route, the size, the fills done, the number of safepoints and
 * the longest and median time to reach one. Routes:
 * <ul>
 *   <li>{@code panamaDemoLib}: the Panama counterpart's {@code DemoLib.fill(byte[])};
 *   <li>{@code jniDemoLib}: the JNI {@code DemoLib.fill(byte[])} (pins the array: the thread is "in native");
 *   <li>{@code criticalWhole}: one critical downcall over the whole array, as the Panama {@code DemoLib} once did;
 *   <li>{@code javaLoop}: the pattern written by a Java loop, which the JIT compiles with its own safepoint polls.
 * </ul>
 */
public final class TimeToSafepoint {
    private static final Pattern REACHING = Pattern.compile("Reaching safepoint: (\\d+) ns");
    private static final long GC_INTERVAL_MILLIS = 7;

    private TimeToSafepoint() {}

    public static void main(String[] args) throws Throwable {
        if (args.length >= 1 && args[0].equals("child")) {
            child(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        String route = args[0];
        int bytes = Integer.parseInt(args[1]);
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path log = Files.createTempFile("safepoint", ".log");
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:safepoint:file=" + log, "-Xmx" + Math.max(256, 2L * bytes / (1 << 20) + 128) + "m",
                    "--enable-native-access=ALL-UNNAMED", "-Djava.library.path=target/native",
                    "-cp", System.getProperty("java.class.path"), TimeToSafepoint.class.getName(),
                    "child", route, Integer.toString(bytes), Integer.toString(seconds)));
            Process child = new ProcessBuilder(command).inheritIO().redirectOutput(ProcessBuilder.Redirect.PIPE)
                    .start();
            String fills = new String(child.getInputStream().readAllBytes()).trim();
            if (child.waitFor() != 0) {
                throw new IllegalStateException("the child JVM failed: " + command);
            }
            List<Long> reaching = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                Matcher matcher = REACHING.matcher(line);
                if (matcher.find()) {
                    reaching.add(Long.parseLong(matcher.group(1)));
                }
            }
            reaching.sort(null);
            System.out.printf(Locale.ROOT, "%s %d bytes, %d s: %s, %d safepoints, time to safepoint: longest %.3f ms,"
                    + " 99th percentile %.3f ms, median %.3f ms%n", route, bytes, seconds, fills, reaching.size(),
                    percentile(reaching, 1.0), percentile(reaching, 0.99), percentile(reaching, 0.5));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The value below which the given fraction of the sorted times fall, in ms. */
    private static double percentile(List<Long> sortedNanos, double fraction) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(fraction * sortedNanos.size()) - 1;
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }

    private static void child(String route, int bytes, int seconds) throws Exception {
        byte[] array = new byte[bytes];
        Runnable fill = switch (route) {
            case "panamaDemoLib" -> () -> io.github.jnibuffer.panama.DemoLib.fill(array);
            case "jniDemoLib" -> () -> io.github.jnibuffer.DemoLib.fill(array);
            case "criticalWhole" -> () -> {
                try {
                    int result = (int) PanamaDowncalls.FILL_CRITICAL.invokeExact(MemorySegment.ofArray(array), bytes);
                    if (result != bytes) {
                        throw new IllegalStateException("fill_buffer returned " + result);
                    }
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            };
            case "javaLoop" -> () -> {
                for (int i = 0; i < array.length; i++) {
                    array[i] = (byte) i;
                }
            };
            default -> throw new IllegalArgumentException("no route " + route);
        };
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long[] fills = {0};
        Thread filler = new Thread(() -> {
            while (System.nanoTime() < deadline) {
                fill.run();
                fills[0]++;
            }
        });
        filler.start();
        while (System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(GC_INTERVAL_MILLIS);
        }
        filler.join();
        if (array[bytes - 1] != (byte) (bytes - 1)) {
            throw new IllegalStateException("the array was not filled");
        }
        System.out.print(fills[0] + " fills");
    }
}
