package examples;

import io.github.jnibuffer.Buffer;
import java.util.Arrays;

/**
 * The main example: library-owned memory through the safe {@link Buffer} API, then the misuses that
 * {@code examples.Naive} showed crashing or leaking, each now a plain Java exception.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -Djava.library.path=target/native -cp target/classes
 * examples.Safe}
 */
public final class Safe {
    public static void main(String[] args) {
        Buffer closedBuffer;
        try (Buffer buffer = Buffer.allocate(20)) {
            buffer.fill();
            byte[] first16 = new byte[16];
            buffer.copyTo(0, first16, 0, first16.length);
            System.out.println("Filled " + buffer);
            System.out.println("Size: " + buffer.size() + " bytes");
            System.out.println("First 16 bytes: " + Arrays.toString(first16));
            closedBuffer = buffer;
        } // try-with-resources closes it here: free_buffer runs exactly once
        System.out.println("After try-with-resources: " + closedBuffer);
        System.out.println("Live buffers: " + Buffer.liveCount());

        System.out.println();
        System.out.println("Misuse is an exception, not a crash:");
        attempt("fill() after close()", closedBuffer::fill);
        attempt("close() a second time", () -> {
            closedBuffer.close();
            System.out.println("  close() a second time -> nothing happens (close is idempotent)");
        });
        attempt("allocate(70_000 * 40_000), an overflowed size", () -> Buffer.allocate(70_000 * 40_000));
        try (Buffer buffer = Buffer.allocate(20)) {
            attempt("get(20) on a 20-byte buffer", () -> buffer.get(20));
            attempt("fill() from another thread", () -> runOnAnotherThread(buffer::fill));
        }
        System.out.println("Live buffers: " + Buffer.liveCount());
    }

    private static void attempt(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            System.out.println("  " + what + " -> " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Runs the action on a new thread named "worker" and rethrows what it threw here. */
    private static void runOnAnotherThread(Runnable action) {
        RuntimeException[] thrown = new RuntimeException[1];
        Thread worker = new Thread(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                thrown[0] = e;
            }
        }, "worker");
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thrown[0] != null) {
            throw thrown[0];
        }
    }

    private Safe() {}
}
