package io.github.jnibuffer.testing;

import io.github.jnibuffer.testing.Implementation.TestBuffer;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenarios that must run in a JVM of their own, started by the tests through {@link ChildJvm}: they leak on
 * purpose (so the backstop's frees would disturb other tests' counts), depend on system properties read once,
 * or end the JVM. Each prints {@code key=value} lines for the test to check.
 *
 * <p>Usage: {@code ChildScenarios <implementation> <scenario> [argument]}.
 */
public final class ChildScenarios {
    private static final long GC_TIMEOUT_NANOS = 60_000_000_000L;

    public static void main(String[] args) throws Exception {
        Implementation implementation = Implementations.named(args[0]);
        switch (args[1]) {
            case "drop" -> drop(implementation, Integer.parseInt(args[2]));
            case "weak" -> weak(implementation);
            case "unreachable-during-operation" -> unreachableDuringOperation(implementation, args[2].split(","),
                    Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "allocate-close-loop" -> allocateCloseLoop(implementation, Integer.parseInt(args[2]));
            case "allocate-close" -> allocateClose(implementation, Integer.parseInt(args[2]));
            case "allocate-max" -> allocateMax(implementation);
            case "exit-with-open-buffers" -> exitWithOpenBuffers(implementation);
            case "close-during-fill" -> closeDuringFill(implementation);
            case "drop-soak" -> dropSoak(implementation, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "exit-while-busy" -> exitWhileBusy(implementation);
            case "leak-loop" -> leakLoop(implementation, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "shared-close-race" -> sharedCloseRace(implementation, Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("no scenario " + args[1]);
        }
    }

    /** Allocates buffers (half confined, half shared), fills them, drops them all, waits for the GC backstop. */
    private static void drop(Implementation implementation, int count) throws InterruptedException {
        allocateAndDrop(implementation, count);
        printLiveCounts(awaitLiveCount(implementation, 0));
    }

    private static void allocateAndDrop(Implementation implementation, int count) {
        for (int i = 0; i < count; i++) {
            TestBuffer buffer = i % 2 == 0 ? implementation.allocate(64) : implementation.allocateShared(64);
            buffer.fill();
        }
    }

    /** The backstop's tracker must not keep the buffer reachable: a weak reference to it must clear. */
    private static void weak(Implementation implementation) throws InterruptedException {
        WeakReference<TestBuffer> reference = new WeakReference<>(implementation.allocate(64));
        long deadline = System.nanoTime() + GC_TIMEOUT_NANOS;
        while (reference.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        System.out.println("collected=" + (reference.get() == null));
        printLiveCounts(awaitLiveCount(implementation, 0));
    }

    /**
     * Runs operations on buffers that are unreachable from the moment the operation starts, while another thread runs
     * the GC every millisecond; a warm-up first has the JIT compile the path, since only compiled code lets an object die
     * before its method returns (the interpreter keeps {@code this} alive). Each operation on {@code size} bytes must
     * outlast a GC and the GC backstop's free: if the buffer could be freed under it, C would write into unmapped memory
     * (a crash) or, under AddressSanitizer, into freed memory (a report). Run with {@link #COMPILED}.
     */
    private static void unreachableDuringOperation(Implementation implementation, String[] operations, int rounds,
            int size) throws InterruptedException {
        for (String operation : operations) {
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                operateOnUnreachableBuffer(implementation, operation, 64);
            }
        }
        awaitLiveCount(implementation, 0); // the warm-up's buffers are freed: the backstop has nothing else to do
        Thread collector = new Thread(() -> {
            try {
                while (true) {
                    System.gc();
                    // A GC every millisecond or so, not back to back: between back-to-back GCs the thread that frees
                    // hardly gets to run, and a mutant survived one round in five.
                    Thread.sleep(1);
                }
            } catch (InterruptedException e) {
                // done
            }
        }, "gc-spammer");
        collector.setDaemon(true);
        collector.start();
        for (String operation : operations) {
            for (int i = 0; i < rounds; i++) {
                operateOnUnreachableBuffer(implementation, operation, size);
            }
            System.out.println(operation + "Rounds=" + rounds);
        }
        collector.interrupt();
        collector.join();
        printLiveCounts(awaitLiveCount(implementation, 0));
    }

    /**
     * JVM options under which {@link #unreachableDuringOperation}'s warm-up ends in compiled code: C2 only, each
     * method compiled once called 10 000 times (its threshold without tiers), compiled before the call goes on
     * (-Xbatch), so that the rounds after the warm-up run compiled code.
     */
    public static final List<String> COMPILED = List.of("-XX:-TieredCompilation", "-Xbatch");

    /** Calls per operation before the rounds: above C2's threshold of 10 000 (see {@link #COMPILED}). */
    private static final int WARM_UP_CALLS = 12_000;

    /** One operation on a new buffer that nothing references once the operation has begun. */
    private static void operateOnUnreachableBuffer(Implementation implementation, String operation, int size) {
        switch (operation) {
            case "fill" -> implementation.allocate(size).fill();
            case "toByteArray" -> implementation.allocate(size).toByteArray();
            case "copyTo" -> implementation.allocate(size).copyTo(0, new byte[size], 0, size);
            default -> throw new IllegalArgumentException("no operation " + operation);
        }
    }

    /** Allocates and closes buffers in a loop; resident memory must stay flat. */
    private static void allocateCloseLoop(Implementation implementation, int count) throws IOException {
        cycle(implementation, count / 10); // warm up: JIT, malloc arenas, backstop tables
        System.gc();
        long before = ProcessStatus.residentKiB();
        cycle(implementation, count);
        System.gc();
        long after = ProcessStatus.residentKiB();
        System.out.println("cycles=" + count);
        System.out.println("rssGrowthKiB=" + (after - before));
        printLiveCounts(implementation.liveCount());
    }

    private static void cycle(Implementation implementation, int count) {
        for (int i = 0; i < count; i++) {
            try (TestBuffer buffer = implementation.allocate(16)) {
                buffer.fill();
            }
        }
    }

    /** Allocates and closes buffers, half of them shared; prints both live counts, which must be back to 0. */
    private static void allocateClose(Implementation implementation, int count) {
        for (int i = 0; i < count; i++) {
            (i % 2 == 0 ? implementation.allocate(64) : implementation.allocateShared(64)).close();
        }
        printLiveCounts(implementation.liveCount());
    }

    /** Run under a small address-space limit (ulimit -v) so that malloc really returns NULL. */
    private static void allocateMax(Implementation implementation) {
        try {
            implementation.allocate(Integer.MAX_VALUE).close();
            System.out.println("allocated");
        } catch (OutOfMemoryError e) {
            System.out.println("error=" + e.getClass().getName() + ": " + e.getMessage());
        }
        printLiveCounts(implementation.liveCount());
    }

    /** Closes a large shared buffer while another thread keeps filling it; see ThreadConfinementTest. */
    private static void closeDuringFill(Implementation implementation) throws InterruptedException {
        TestBuffer buffer = implementation.allocateShared(256 << 20);
        java.util.concurrent.atomic.AtomicLong fills = new java.util.concurrent.atomic.AtomicLong();
        Thread filler = new Thread(() -> {
            try {
                while (true) {
                    buffer.fill();
                    fills.incrementAndGet();
                }
            } catch (IllegalStateException e) {
                System.out.println("filler stopped: " + e.getMessage());
            }
        }, "filler");
        filler.start();
        while (fills.get() < 2) { // the pages are touched, and the next fill is running
            Thread.sleep(1);
        }
        buffer.close();
        filler.join();
        System.out.println("fillsCompleted=" + fills.get());
        printLiveCounts(implementation.liveCount());
    }

    /** Ends the JVM normally while buffers are open and in use by other threads: no crash, exit code 0. */
    private static void exitWithOpenBuffers(Implementation implementation) {
        List<TestBuffer> open = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            open.add(i % 2 == 0 ? implementation.allocate(1024) : implementation.allocateShared(1 << 20));
        }
        TestBuffer shared = open.get(1);
        Thread filler = new Thread(() -> {
            while (true) {
                shared.fill();
            }
        }, "filler");
        filler.setDaemon(true);
        filler.start();
        System.out.println("open=" + open.size());
        System.out.println("exiting");
    }

    /**
     * Allocates, fills and drops {@code count} buffers of {@code size} bytes without closing any, so that only the
     * backstop frees them; samples resident memory as it goes. If the backstop fell behind, RSS would grow towards
     * count * size; it must stay bounded, and every buffer must be freed once the GC has seen them.
     */
    private static void dropSoak(Implementation implementation, int count, int size)
            throws IOException, InterruptedException {
        allocateAndDrop(implementation, 10_000); // warm up: JIT, malloc arenas, backstop tables
        awaitLiveCount(implementation, 0);
        long before = ProcessStatus.residentKiB();
        long peak = before;
        for (int i = 0; i < count; i++) {
            TestBuffer buffer = i % 2 == 0 ? implementation.allocate(size) : implementation.allocateShared(size);
            buffer.fill();
            if (i % 50_000 == 0) {
                peak = Math.max(peak, ProcessStatus.residentKiB());
            }
        }
        peak = Math.max(peak, ProcessStatus.residentKiB());
        System.out.println("dropped=" + count);
        System.out.println("peakRssGrowthKiB=" + (peak - before));
        printLiveCounts(awaitLiveCount(implementation, 0));
    }

    /**
     * {@code threads} threads each allocate, fill and drop {@code count / threads} confined 64-byte buffers, never
     * closing one: a leak as fast as the library allows. Run with a small heap (see BackpressureTest).
     */
    private static void leakLoop(Implementation implementation, int count, int threads) throws Exception {
        long start = System.nanoTime();
        List<Thread> leakers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread leaker = new Thread(() -> {
                for (int i = 0; i < count / threads; i++) {
                    implementation.allocate(64).fill();
                }
            }, "leaker-" + t);
            leaker.start();
            leakers.add(leaker);
        }
        for (Thread leaker : leakers) {
            leaker.join();
        }
        System.out.println("leaked=" + count);
        System.out.println("loopMillis=" + (System.nanoTime() - start) / 1_000_000);
        printLiveCounts(awaitLiveCount(implementation, 0));
    }

    /**
     * Three threads read and fill a shared buffer until they see it closed, while the main thread closes it after
     * a few of their operations; {@code rounds} times. Every read must see the pattern, every thread must end on
     * "buffer closed", and every buffer must be freed. Prints the JNI guard's mode (see SharedGuardTest).
     */
    private static void sharedCloseRace(Implementation implementation, int rounds) throws Exception {
        java.util.concurrent.atomic.AtomicLong operations = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int round = 0; round < rounds && failure.get() == null; round++) {
            TestBuffer buffer = implementation.allocateShared(4096);
            buffer.fill();
            List<Thread> users = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread user = new Thread(() -> {
                    try {
                        for (int i = 0; ; i++) {
                            if (i % 2 == 0) {
                                buffer.fill();
                            } else if (buffer.get(i % 4096) != (byte) (i % 4096)) {
                                throw new AssertionError("wrong byte at " + i % 4096);
                            }
                            operations.incrementAndGet();
                        }
                    } catch (IllegalStateException e) {
                        if (!e.getMessage().contains("buffer closed")) {
                            failure.compareAndSet(null, e);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                user.start();
                users.add(user);
            }
            long target = operations.get() + 50;
            while (operations.get() < target && users.stream().anyMatch(Thread::isAlive)) {
                Thread.onSpinWait();
            }
            buffer.close();
            for (Thread user : users) {
                user.join();
            }
        }
        if (failure.get() != null) {
            failure.get().printStackTrace(System.out);
        }
        System.out.println("failure=" + failure.get());
        System.out.println("operations=" + operations.get());
        System.out.println("guardFences=" + (implementation.name().equals("jni")
                ? String.valueOf(io.github.jnibuffer.JniInternals.guardUsesFences()) : "n/a"));
        printLiveCounts(implementation.liveCount());
    }

    /**
     * Ends the JVM while it is as busy as it gets: threads filling and reading shared buffers, one allocating and
     * dropping buffers (so the backstop is freeing at exit), confined buffers left open. Exit code 0, no crash.
     */
    private static void exitWhileBusy(Implementation implementation) throws InterruptedException {
        List<TestBuffer> open = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            open.add(i % 2 == 0 ? implementation.allocate(4096) : implementation.allocateShared(1 << 16));
        }
        for (int t = 0; t < 3; t++) {
            TestBuffer shared = open.get(2 * t + 1);
            daemon("filler-" + t, () -> {
                while (true) {
                    shared.fill();
                    shared.toByteArray();
                }
            });
        }
        daemon("dropper", () -> {
            while (true) {
                implementation.allocateShared(1024).fill();
            }
        });
        Thread.sleep(200); // let them all get going
        System.out.println("open=" + open.size());
        System.out.println("exiting");
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static long awaitLiveCount(Implementation implementation, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + GC_TIMEOUT_NANOS;
        while (implementation.liveCount() != expected && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        return implementation.liveCount();
    }

    /** Prints Java's count of live buffers and, where it is checked, C's count of live allocations. */
    private static void printLiveCounts(long javaLive) {
        System.out.println(NativeAllocations.report(javaLive));
    }


    private ChildScenarios() {}
}
