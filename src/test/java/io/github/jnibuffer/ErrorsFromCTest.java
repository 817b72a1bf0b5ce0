package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Invariant: errors from C. The JNI glue turns every error return of demo_lib into a Java exception, through one
 * helper, and returns to Java at once. The safe API's checks make these paths unreachable from its public
 * methods, so the tests call the package-private natives directly with the arguments those checks forbid.
 */
class ErrorsFromCTest {

    @Test
    void fillBufferErrorBecomesNativeCallExceptionNamingFunctionAndCode() {
        NativeCallException thrown = assertThrows(NativeCallException.class, () -> DemoLibNatives.fill(0L, 16));
        assertAll(
                () -> assertEquals("fill_buffer", thrown.function()),
                () -> assertEquals(-1, thrown.errorCode()),
                () -> assertEquals("fill_buffer failed with error code -1", thrown.getMessage()));
    }

    @Test
    void freeBufferErrorBecomesNativeCallException() {
        NativeCallException thrown = assertThrows(NativeCallException.class, () -> DemoLibNatives.free(0L));
        assertEquals("free_buffer", thrown.function());
        assertEquals(-1, thrown.errorCode());
    }

    @Test
    void nullFromAllocateBufferBecomesOutOfMemoryErrorWithTheSize() {
        OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class, () -> DemoLibNatives.allocate(-7));
        assertTrue(thrown.getMessage().contains("allocate_buffer(-7) returned NULL"), thrown.getMessage());
    }

    @Test
    void fillBufferErrorOnTheArrayCopyPathIsThrownAfterCleanup() {
        NativeCallException thrown =
                assertThrows(NativeCallException.class, () -> DemoLibNatives.fillArray(new byte[4], 0, 0));
        assertEquals("fill_buffer", thrown.function());
    }

    @Test
    void aHeapBufferPassedAsDirectIsRefusedByTheGlue() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> DemoLibNatives.fillDirect(ByteBuffer.allocate(8), 0, 8));
        assertTrue(thrown.getMessage().contains("GetDirectBufferAddress returned NULL"), thrown.getMessage());
    }

    @Test
    void theJvmStaysUsableAfterEachError() {
        assertThrows(NativeCallException.class, () -> DemoLibNatives.fill(0L, 16));
        try (Buffer buffer = Buffer.allocate(8)) {
            buffer.fill();
            assertEquals(7, buffer.get(7));
        }
    }
}
