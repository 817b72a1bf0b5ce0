package io.github.jnibuffer.testing;

import io.github.jnibuffer.DemoLib;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long {@code DemoLib.fill(byte[])} of a 512 MiB array holds garbage collection off on a JVM with a GC locker
 * (JDK 17-21): run by hand, not a test (docs/benchmarks.md). One thread fills the array {@code fills} times while
 * another allocates 16 KiB arrays, keeping 32 MiB of them, so young collections are due all the time. Run it with
 * {@code -Xlog:gc+jni=debug:file=<log>:uptimenanos}, then {@code GcLockerStall report <log>}: each time the GC locker
 * delayed a collection, HotSpot logs "Setting _needs_gc" and, when the last critical region ends, "Performing GC after
 * exiting critical section"; the report gives the times between the two.
 */
public final class GcLockerStall {
    private static final Pattern LINE = Pattern.compile("\\[(\\d+)ns\\] (.*)");
    private static volatile boolean stop;

    private GcLockerStall() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("report")) {
            report(Path.of(args[1]));
        } else {
            run(Integer.parseInt(args[0]));
        }
    }

    private static void run(int fills) throws InterruptedException {
        byte[] big = new byte[512 << 20];
        Thread allocator = new Thread(() -> {
            Object[] ring = new Object[2_000];
            for (int i = 0; !stop; i++) {
                ring[i % ring.length] = new byte[16 * 1024];
            }
        });
        allocator.start();
        for (int i = 0; i < fills; i++) {
            DemoLib.fill(big);
        }
        stop = true;
        allocator.join();
    }

    private static void report(Path log) throws IOException {
        List<Long> held = new ArrayList<>();
        long requested = -1;
        for (String line : Files.readAllLines(log)) {
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                continue;
            }
            long nanos = Long.parseLong(matcher.group(1));
            if (matcher.group(2).startsWith("Setting _needs_gc")) {
                requested = nanos;
            } else if (matcher.group(2).startsWith("Performing GC after exiting critical section") && requested >= 0) {
                held.add(nanos - requested);
                requested = -1;
            }
        }
        held.sort(null);
        if (held.isEmpty()) {
            System.out.println("no collection waited for a critical region");
            return;
        }
        System.out.printf("collections held off: %d, median %.2f ms, longest %.1f ms%n", held.size(),
                held.get(held.size() / 2) / 1e6, held.get(held.size() - 1) / 1e6);
    }
}
