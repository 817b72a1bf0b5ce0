package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.Pattern;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariant: caller-owned memory. C writes exactly the requested range of memory that Java owns, at the right
 * offset, with every range checked before C is called; an empty range never reaches C (fill_buffer would reject
 * a size of 0, so a call would surface as NativeCallException).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.jnibuffer.testing.Implementations#all")
class CallerOwnedMemoryTest {
    private static final byte UNTOUCHED = 99;

    @Parameter
    Implementation implementation;

    /**
     * Sizes on both sides of the small-array copy path's limit (ArrayFiller.COPY_LIMIT, 512), of the word copy (16),
     * of a pattern period (256), and large arrays that are pinned instead, one 128 KiB chunk at a time.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 15, 16, 17, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025, 4096, (128 << 10) + 1, 1 << 20})
    void fillsTheWholeArray(int length) {
        byte[] array = new byte[length];
        implementation.fill(array);
        assertArrayEquals(Pattern.of(length), array);
    }

    @ParameterizedTest(name = "fill(byte[{0}], {1}, {2})")
    @CsvSource({"10, 3, 4", "600, 1, 598", "2000, 0, 1024", "2000, 300, 1025", "70000, 5000, 60000",
        "400000, 7, 393219", // more than Panama's limit for one critical call, so filled in chunks
        "40, 3, 7", "40, 5, 8", "40, 1, 9", "40, 7, 15", "40, 9, 16", "40, 11, 17"}) // around the JNI word copy's ends
    void fillsOnlyTheRangeWithThePatternStartingAtItsFirstByte(int arrayLength, int offset, int length) {
        byte[] array = untouched(arrayLength);
        implementation.fill(array, offset, length);
        byte[] expected = untouched(arrayLength);
        System.arraycopy(Pattern.of(length), 0, expected, offset, length);
        assertArrayEquals(expected, array);
    }

    @ParameterizedTest(name = "fill(byte[{0}], {1}, {2})")
    @CsvSource({"16, -1, 4", "16, 0, -1", "16, 0, 17", "16, 12, 5", "16, 17, 0", "16, 2147483647, 1",
        "1000, 500, 501"})
    void rangesOutsideTheArrayThrowAndWriteNothing(int arrayLength, int offset, int length) {
        byte[] array = untouched(arrayLength);
        assertThrows(IndexOutOfBoundsException.class, () -> implementation.fill(array, offset, length));
        assertArrayEquals(untouched(arrayLength), array);
    }

    @Test
    void emptyRangesAreANoOp() {
        implementation.fill(new byte[0]);
        byte[] array = untouched(8);
        implementation.fill(array, 8, 0);
        implementation.fill(array, 3, 0);
        assertArrayEquals(untouched(8), array);
    }

    @Test
    void nullArraysAndBuffersThrowNullPointerException() {
        assertThrows(NullPointerException.class, () -> implementation.fill((byte[]) null));
        assertThrows(NullPointerException.class, () -> implementation.fill(null, 0, 0));
        assertThrows(NullPointerException.class, () -> implementation.fill((ByteBuffer) null));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void fillsAByteBufferFromPositionToLimitAndAdvancesThePosition(boolean direct) {
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(600) : ByteBuffer.allocate(600);
        byte[] before = untouched(600);
        buffer.put(before).clear();
        buffer.position(10).limit(590);
        implementation.fill(buffer);
        assertEquals(590, buffer.position());
        assertEquals(590, buffer.limit());
        byte[] expected = untouched(600);
        System.arraycopy(Pattern.of(580), 0, expected, 10, 580);
        assertArrayEquals(expected, contents(buffer));
    }

    /** Larger than one critical downcall may fill in the Panama counterpart: chunks (heap) or a plain call. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void fillsALargeByteBufferFromPositionToLimit(boolean direct) {
        int capacity = 300_000;
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        buffer.put(untouched(capacity)).clear();
        buffer.position(5).limit(capacity - 3);
        implementation.fill(buffer);
        assertEquals(capacity - 3, buffer.position());
        byte[] expected = untouched(capacity);
        System.arraycopy(Pattern.of(capacity - 8), 0, expected, 5, capacity - 8);
        assertArrayEquals(expected, contents(buffer));
    }

    @Test
    void fillsAHeapBufferSliceThroughItsArrayOffset() {
        byte[] backing = untouched(32);
        ByteBuffer slice = ByteBuffer.wrap(backing, 8, 16).slice(); // arrayOffset() == 8
        slice.position(2);
        implementation.fill(slice);
        byte[] expected = untouched(32);
        System.arraycopy(Pattern.of(14), 0, expected, 10, 14);
        assertArrayEquals(expected, backing);
        assertEquals(16, slice.position());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readOnlyBuffersAreRefusedAndKeepTheirPosition(boolean direct) {
        ByteBuffer writable = direct ? ByteBuffer.allocateDirect(16) : ByteBuffer.allocate(16);
        ByteBuffer readOnly = writable.asReadOnlyBuffer();
        readOnly.position(3);
        assertThrows(ReadOnlyBufferException.class, () -> implementation.fill(readOnly));
        assertEquals(3, readOnly.position());
        assertArrayEquals(new byte[16], contents(writable));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anEmptyByteBufferRangeIsANoOp(boolean direct) {
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(16) : ByteBuffer.allocate(16);
        buffer.position(16);
        implementation.fill(buffer);
        assertEquals(16, buffer.position());
        implementation.fill(ByteBuffer.allocateDirect(0));
        assertArrayEquals(new byte[16], contents(buffer));
    }

    /** Threads filling small arrays at once must not see each other's bytes (each has its own scratch memory). */
    @Test
    void concurrentSmallFillsOnManyThreadsAreIndependent() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<?>> tasks = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t; // each thread writes at a different offset, so a shared scratch would show
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        int length = 1 + (i % 300);
                        byte[] array = untouched(length + offset);
                        implementation.fill(array, offset, length);
                        byte[] expected = untouched(length + offset);
                        System.arraycopy(Pattern.of(length), 0, expected, offset, length);
                        assertArrayEquals(expected, array);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> task : tasks) {
                task.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] untouched(int length) {
        byte[] array = new byte[length];
        Arrays.fill(array, UNTOUCHED);
        return array;
    }

    private static byte[] contents(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.capacity()];
        buffer.duplicate().clear().get(bytes);
        return bytes;
    }
}
