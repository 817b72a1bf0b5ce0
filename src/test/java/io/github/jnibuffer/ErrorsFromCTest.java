package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Invariant: errors from C. Every error return of demo_lib reaches Java unchanged and becomes an exception that
 * names the function and the code; a JNI function that fails inside the glue becomes an exception thrown by the
 * glue. The safe API's checks make these paths unreachable from its public methods, so the tests call the
 * package-private natives directly with the arguments those checks forbid.
 */
class ErrorsFromCTest {

    @Test
    void fillBufferErrorBecomesNativeCallExceptionNamingFunctionAndCode() {
        int result = DemoLibNatives.fill(0L, 16);
        assertEquals(-1, result, "the glue must pass C's result through unchanged");
        NativeCallException thrown =
                assertThrows(NativeCallException.class, () -> DemoLibNatives.check("fill_buffer", result));
        assertAll(
                () -> assertEquals("fill_buffer", thrown.function()),
                () -> assertEquals(-1, thrown.errorCode()),
                () -> assertEquals("fill_buffer failed with error code -1", thrown.getMessage()));
    }

    @Test
    void freeBufferErrorIsPassedThrough() {
        assertEquals(-1, DemoLibNatives.free(0L));
    }

    @Test
    void nullFromAllocateBufferIsPassedThroughAsZero() {
        assertEquals(0L, DemoLibNatives.allocate(-7));
    }

    @Test
    void successIsNotAnError() {
        DemoLibNatives.check("fill_buffer", 16);
        DemoLibNatives.check("free_buffer", 0);
    }

    @Test
    void theArrayPinningPathReturnsTheErrorAndWritesNothing() {
        byte[] array = {5, 5, 5, 5};
        assertEquals(-1, DemoLibNatives.fillArray(array, 0, 0));
        assertArrayEquals(new byte[] {5, 5, 5, 5}, array);
    }

    @Test
    void directAddressOfAHeapBufferIsRefusedByTheGlue() {
        assertThrows(IllegalArgumentException.class, () -> DemoLibNatives.directAddress(ByteBuffer.allocate(8)));
    }

    @Test
    void theArrayPinningPathReturnsFillBuffersResult() {
        byte[] array = new byte[4096];
        assertEquals(1000, DemoLibNatives.fillArray(array, 10, 1000));
        assertEquals(0, array[10]);
        assertEquals((byte) 999, array[1009]);
    }

    @Test
    void aFailedJniCallInTheGlueBecomesAnExceptionThrownByTheGlue() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> DemoLibNatives.fillDirect(ByteBuffer.allocate(8), 0, 8));
        assertTrue(thrown.getMessage().contains("GetDirectBufferAddress returned NULL"), thrown.getMessage());
    }

    @Test
    void theJvmStaysUsableAfterEachError() {
        assertThrows(IllegalArgumentException.class, () -> DemoLibNatives.fillDirect(ByteBuffer.allocate(8), 0, 8));
        try (Buffer buffer = Buffer.allocate(8)) {
            buffer.fill();
            assertEquals(7, buffer.get(7));
        }
    }
}
