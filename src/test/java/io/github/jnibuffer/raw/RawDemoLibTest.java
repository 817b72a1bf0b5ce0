package io.github.jnibuffer.raw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The raw bindings forward to C and hand back exactly what C returns, error codes included. */
class RawDemoLibTest {

    @Test
    void allocateFillFreeReturnTheCResults() {
        long buffer = RawDemoLib.allocateBuffer(64);
        assertNotEquals(0, buffer, "allocate_buffer(64) returned NULL");
        assertEquals(64, RawDemoLib.fillBuffer(buffer, 64));
        assertEquals(0, RawDemoLib.freeBuffer(buffer));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void allocateReturnsNullForNonPositiveSizes(int size) {
        assertEquals(0, RawDemoLib.allocateBuffer(size));
    }

    @Test
    void fillReturnsMinusOneForNull() {
        assertEquals(-1, RawDemoLib.fillBuffer(0L, 16));
    }

    @Test
    void fillReturnsMinusOneForNonPositiveSizes() {
        long buffer = RawDemoLib.allocateBuffer(8);
        try {
            assertEquals(-1, RawDemoLib.fillBuffer(buffer, 0));
            assertEquals(-1, RawDemoLib.fillBuffer(buffer, -8));
        } finally {
            RawDemoLib.freeBuffer(buffer);
        }
    }

    @Test
    void freeReturnsMinusOneForNull() {
        assertEquals(-1, RawDemoLib.freeBuffer(0L));
    }

    @Test
    void fillingAJavaArrayWritesThePatternIntoTheGivenPrefix() {
        byte[] array = new byte[300];
        array[299] = 99;
        assertEquals(299, RawDemoLib.fillBuffer(array, 299));
        for (int i = 0; i < 299; i++) {
            assertEquals((byte) (i % 256), array[i], "byte " + i);
        }
        assertEquals(99, array[299], "the byte after the range must be untouched");
    }

    @Test
    void fillingAJavaArrayWithSizeZeroReturnsMinusOneAndWritesNothing() {
        byte[] array = {7, 7};
        assertEquals(-1, RawDemoLib.fillBuffer(array, 0));
        assertArrayEquals(new byte[] {7, 7}, array);
    }
}
