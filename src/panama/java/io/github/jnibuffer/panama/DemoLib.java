package io.github.jnibuffer.panama;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Objects;

/**
 * The same contract as {@link io.github.jnibuffer.DemoLib} on Panama: Java owns the memory, C's fill_buffer
 * writes into it. Arrays and heap buffers are passed to C directly as heap segments through a critical downcall,
 * with no copy and no pinning; direct buffers as native segments.
 */
public final class DemoLib {
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
        int result;
        try {
            // A direct buffer backed by an arena stays open for the call: the linker holds its scope.
            result = (int) DemoLibHandles.FILL_CRITICAL.invokeExact(range, (int) range.byteSize());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("fill_buffer could not be called", t);
        }
        DemoLibHandles.check("fill_buffer", result);
    }
}
