package io.github.jnibuffer.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills of buffers whose arena is closed, or closes while they run: each in a JVM of its own, because a fill that
 * wrote into the freed memory would crash the JVM (the memory is 1 MiB, which malloc and the file mapping return
 * to the kernel, so a write after the free faults at once). Prints {@code key=value} lines; JDK 22+ only.
 *
 * <p>Usage: {@code ArenaScenarios <implementation> <scenario> [argument]}.
 */
public final class ArenaScenarios {
    private static final int SIZE = 1 << 20;

    private ArenaScenarios() {}

    public static void main(String[] args) throws Exception {
        Implementation implementation = Implementations.named(args[0]);
        switch (args[1]) {
            case "closed-confined" -> closedConfined(implementation);
            case "closed-mapped" -> closedMapped(implementation);
            case "shared-close-race" -> sharedCloseRace(implementation, Long.parseLong(args[2]));
            default -> throw new IllegalArgumentException("no scenario " + args[1]);
        }
    }

    /** The fill of a buffer whose confined arena is already closed. */
    private static void closedConfined(Implementation implementation) {
        ByteBuffer buffer;
        try (Arenas.Arena arena = Arenas.of("ofConfined")) {
            buffer = arena.allocate(SIZE);
        }
        printOutcome(implementation, buffer);
    }

    /** The fill of a file mapped into an arena that is already closed (the file is unmapped). */
    private static void closedMapped(Implementation implementation) throws IOException {
        Path file = Files.createTempFile("arena-scenarios", ".bin");
        try (RandomAccessFile access = new RandomAccessFile(file.toFile(), "rw")) {
            access.setLength(SIZE);
            ByteBuffer buffer;
            try (Arenas.Arena arena = Arenas.of("ofConfined")) {
                buffer = arena.map(access.getChannel(), SIZE);
            }
            printOutcome(implementation, buffer);
        } finally {
            Files.delete(file);
        }
    }

    private static void printOutcome(Implementation implementation, ByteBuffer buffer) {
        try {
            implementation.fill(buffer);
            System.out.println("outcome=filled");
        } catch (RuntimeException e) {
            System.out.println("outcome=" + e.getClass().getName());
        }
        System.out.println("position=" + buffer.position());
    }

    /**
     * For {@code millis}, round after round: a thread fills a shared arena's buffer again and again, until a fill
     * throws; meanwhile this thread closes the arena after a random short wait. Every round must end with exactly
     * one IllegalStateException on the filling thread, and nothing else may be thrown. (The Panama counterpart holds
     * the arena during its downcall, so there close() itself may throw while a fill runs: it is retried.)
     */
    private static void sharedCloseRace(Implementation implementation, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        int rounds = 0;
        int refused = 0;
        long filled = 0;
        while (System.nanoTime() < deadline) {
            Arenas.Arena arena = Arenas.of("ofShared");
            ByteBuffer buffer = arena.allocate(SIZE);
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> ended = new AtomicReference<>();
            long[] fills = new long[1];
            Thread filler = new Thread(() -> {
                started.countDown();
                try {
                    while (true) {
                        implementation.fill(buffer.clear());
                        fills[0]++;
                    }
                } catch (Throwable t) {
                    ended.set(t);
                }
            }, "filler");
            filler.start();
            started.await();
            long wait = System.nanoTime() + ThreadLocalRandom.current().nextLong(300_000);
            while (System.nanoTime() < wait) {
                Thread.onSpinWait();
            }
            closeRetrying(arena);
            filler.join();
            rounds++;
            filled += fills[0];
            if (ended.get() instanceof IllegalStateException) {
                refused++;
            } else {
                System.out.println("unexpected=" + ended.get());
                ended.get().printStackTrace(System.out);
            }
        }
        System.out.println("rounds=" + rounds);
        System.out.println("refused=" + refused);
        System.out.println("filled=" + filled);
    }

    private static void closeRetrying(Arenas.Arena arena) {
        while (true) {
            try {
                arena.close();
                return;
            } catch (IllegalStateException e) { // "acquired": a Panama downcall holds the arena until it returns
                Thread.onSpinWait();
            }
        }
    }
}
