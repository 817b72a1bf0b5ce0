package io.github.jnibuffer.internal.memory;

import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * What the JNI and the Panama {@code Buffer} tell their callers, written once: the checks, the exceptions with
 * their messages, the description, and how a second {@code close()} waits for the first. The behavioural tests run
 * against both implementations, so a difference between them is a failing test.
 */
public final class BufferContract {
    private BufferContract() {}

    /** @throws IllegalArgumentException unless {@code size > 0} */
    public static void checkSize(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("Buffer size must be positive, was " + size);
        }
    }

    /** For {@code allocate_buffer} returning NULL. */
    public static OutOfMemoryError outOfNativeMemory(int size) {
        return new OutOfMemoryError("allocate_buffer(" + size + ") returned NULL: cannot allocate " + size
                + " bytes of native memory");
    }

    /** A confined buffer used from a thread other than its owner. */
    public static IllegalStateException wrongThread(Object buffer, Throwable cause) {
        return new IllegalStateException(buffer + " was used from thread \"" + Thread.currentThread().getName()
                + "\"; only its owner thread may use it. Use Buffer.allocateShared for a buffer that several "
                + "threads use.", cause);
    }

    /** A buffer used after close() began. */
    public static IllegalStateException closed(Object buffer, Throwable cause) {
        return new IllegalStateException("buffer closed: " + buffer + " cannot be used after close()", cause);
    }

    /**
     * {@code Buffer[20 bytes, open, confined to thread "main"]}: never the address.
     *
     * @param owner the owner thread of a confined buffer, null for a shared one
     */
    public static String describe(int size, boolean closed, Thread owner) {
        return "Buffer[" + size + " bytes, " + (closed ? "closed" : "open") + ", "
                + (owner == null ? "shared" : "confined to thread \"" + owner.getName() + "\"") + "]";
    }

    /**
     * Waits, holding no lock, until the condition holds: spins briefly, then yields, then parks. Keeps the
     * interrupt status. For a second close() of a shared buffer, which returns only once the first has freed it.
     */
    public static void awaitUntil(BooleanSupplier condition) {
        boolean interrupted = false;
        for (int round = 0; !condition.getAsBoolean(); round++) {
            if (round < 100) {
                Thread.onSpinWait();
            } else if (round < 200) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(50_000);
                interrupted |= Thread.interrupted(); // a pending interrupt would make parkNanos return at once
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
