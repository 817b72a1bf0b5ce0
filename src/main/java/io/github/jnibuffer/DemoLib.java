package io.github.jnibuffer;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Objects;

/**
 * Caller-owned memory: Java owns the bytes, C's {@code fill_buffer} writes into them, and nothing is left to free.
 *
 * <p>Every method writes the pattern starting at the beginning of its range: {@code a[offset + i] == (byte) (i %
 * 256)}, exactly as {@code fill_buffer} called at the range's start. All arguments are checked before C is called;
 * an empty range does not call C at all. C keeps no pointer into the memory after the call returns.
 *
 * <p>Threads: every method may be called from any thread. The memory is the caller's: two threads filling or
 * reading the same array or buffer at once race as they would in plain Java (no crash, but unspecified bytes).
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
     * Fills {@code array[offset, offset + length)}. Small ranges are filled by C in native scratch memory and copied
     * in; large ones are filled in place while the array is pinned, so big arrays are never copied.
     *
     * @param array the array to fill
     * @param offset first index written
     * @param length number of bytes written; 0 does nothing
     * @throws NullPointerException if {@code array} is null
     * @throws IndexOutOfBoundsException if the range is outside the array or {@code length < 0}
     */
    public static void fill(byte[] array, int offset, int length) {
        Objects.requireNonNull(array, "array");
        Objects.checkFromIndexSize(offset, length, array.length);
        if (length > 0) {
            ArrayFiller.fill(array, offset, length);
        }
    }

    /**
     * Fills {@code [position, limit)} and then sets the position to the limit, like a channel read. A direct
     * buffer is written in place (no copy); a heap buffer through its backing array.
     *
     * <p>A direct buffer whose memory belongs to an {@code Arena} (JDK 22+) is checked as NIO checks it: a closed
     * arena throws {@link IllegalStateException}, a confined one used from another thread {@code WrongThreadException},
     * and nothing is written. Memory of a shared arena, which another thread may close during the call, is filled
     * through copies that hold the arena open instead of in place: if the arena is closed meanwhile, the call throws
     * {@link IllegalStateException} and the bytes before that point may have been written.
     *
     * <p>Not safe to call while another thread changes this buffer's position or limit, as for any
     * {@link ByteBuffer}.
     *
     * @param buffer a direct or heap buffer
     * @throws NullPointerException if {@code buffer} is null
     * @throws ReadOnlyBufferException if {@code buffer} is read-only (nothing is written, the position stays)
     * @throws IllegalStateException if the buffer's memory belongs to an arena that is closed, or is closed during
     *     the call (the position stays)
     */
    public static void fill(ByteBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        if (buffer.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int position = buffer.position();
        int limit = buffer.limit();
        int length = limit - position;
        if (length > 0) {
            if (buffer.isDirect()) {
                // GetDirectBufferAddress ignores arenas; NIO does not: this read throws if the memory's arena is
                // closed, or confined to another thread. See ArenaScopes for why that is enough for in place.
                buffer.get(position);
                if (ArenaScopes.inPlaceIsSafe(buffer)) {
                    DemoLibNatives.check("fill_buffer", DemoLibNatives.fillDirect(buffer, position, length));
                } else {
                    fillThroughCopies(buffer, position, length);
                }
            } else {
                ArrayFiller.fill(buffer.array(), buffer.arrayOffset() + position, length);
            }
        }
        buffer.position(limit);
    }

    /**
     * C fills an array, which NIO's bulk put then copies into {@code [position, position + length)}. Each put holds
     * the buffer's arena open, if it has one, and throws IllegalStateException once it is closed: the JDK makes a
     * close on another thread wait for a copy in progress. The array is filled once and copied as often as needed,
     * since fill_buffer's pattern repeats every 256 bytes and the array's length is a multiple of 256 unless it
     * covers the whole range.
     */
    private static void fillThroughCopies(ByteBuffer buffer, int position, int length) {
        byte[] chunk = new byte[Math.min(length, ArrayFiller.CRITICAL_LIMIT)];
        ArrayFiller.fill(chunk, 0, chunk.length);
        for (int done = 0; done < length; ) {
            int size = Math.min(chunk.length, length - done);
            buffer.put(position + done, chunk, 0, size);
            done += size;
        }
    }
}
