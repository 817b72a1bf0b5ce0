package io.github.jnibuffer.panama;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Objects;

/**
 * The same contract as {@link io.github.jnibuffer.DemoLib} on Panama: Java owns the memory, C's fill_buffer
 * writes into it. Arrays and heap buffers are passed to C directly as heap segments through critical downcalls,
 * with no copy and no pinning; direct buffers as native segments.
 */
public final class DemoLib {
    /**
     * The most bytes one critical downcall fills. A critical call keeps its thread "in Java" until C returns, so
     * every safepoint of the JVM (each GC, among others) waits for it: a 512 MiB array filled in one critical call
     * held safepoints off for tens of milliseconds. Longer heap ranges are filled in chunks of this size, with a
     * safepoint poll between them; longer native ranges by one ordinary downcall, during which the JVM need not wait.
     * The limit keeps one critical fill, with the slowest variant of fill_buffer's loop, within the time the JDK
     * itself gives one uninterruptible memory operation (java.nio sets memory in calls of at most 1 MiB): see
     * docs/benchmarks.md. A multiple of 256, so that each chunk continues fill_buffer's pattern where the last one
     * stopped.
     */
    static final int CRITICAL_LIMIT = 128 * 1024;

    private DemoLib() {}

    /**
     * Fills the whole array.
     *
     * @param array the array to fill
     * @throws NullPointerException if {@code array} is null
     */
    public static void fill(byte[] array) {
        Objects.requireNonNull(array, "array");
        fill(array, 0, array.length);
    }

    /**
     * Fills {@code array[offset, offset + length)}; the pattern starts at {@code offset}.
     *
     * @throws NullPointerException if {@code array} is null
     * @throws IndexOutOfBoundsException if the range is outside the array or {@code length < 0}
     */
    public static void fill(byte[] array, int offset, int length) {
        Objects.requireNonNull(array, "array");
        Objects.checkFromIndexSize(offset, length, array.length);
        if (length > 0) {
            fill(MemorySegment.ofArray(array).asSlice(offset, length));
        }
    }

    /**
     * Fills {@code [position, limit)} and sets the position to the limit.
     *
     * @throws NullPointerException if {@code buffer} is null
     * @throws ReadOnlyBufferException if {@code buffer} is read-only
     */
    public static void fill(ByteBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        if (buffer.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int limit = buffer.limit();
        if (buffer.hasRemaining()) {
            fill(MemorySegment.ofBuffer(buffer)); // exactly [position, limit), heap or native
        }
        buffer.position(limit);
    }

    private static void fill(MemorySegment range) {
        long size = range.byteSize();
        if (size <= CRITICAL_LIMIT) {
            // A direct buffer backed by an arena stays open for the call: the linker holds its scope.
            call(DemoLibHandles.FILL_CRITICAL, range, size);
        } else if (range.isNative()) {
            call(DemoLibHandles.FILL, range, size);
        } else { // only a critical downcall may be given heap memory: one chunk at a time
            for (long done = 0; done < size; done += CRITICAL_LIMIT) {
                long chunk = Math.min(CRITICAL_LIMIT, size - done);
                call(DemoLibHandles.FILL_CRITICAL, range.asSlice(done, chunk), chunk);
            }
        }
    }

    private static void call(MethodHandle fillBuffer, MemorySegment range, long size) {
        int result;
        try {
            result = (int) fillBuffer.invokeExact(range, (int) size);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("fill_buffer could not be called", t);
        }
        DemoLibHandles.check("fill_buffer", result);
    }
}
