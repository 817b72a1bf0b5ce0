package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.Implementation.TestBuffer;
import io.github.jnibuffer.testing.Scenario;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariant: valid pointers and lifetime. After close() every operation throws IllegalStateException and never
 * touches freed memory; while an operation runs, the buffer cannot be freed under it.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.jnibuffer.testing.Implementations#all")
class LifetimeTest {
    /** Every operation that touches native memory. */
    private static final Map<String, Consumer<TestBuffer>> OPERATIONS = Map.of(
            "fill", TestBuffer::fill,
            "get", buffer -> buffer.get(0),
            "toByteArray", TestBuffer::toByteArray,
            "copyTo", buffer -> buffer.copyTo(0, new byte[4], 0, 4),
            "copyTo of nothing", buffer -> buffer.copyTo(0, new byte[4], 0, 0));

    @Parameter
    Implementation implementation;

    @Test
    void everyOperationOnAClosedConfinedBufferThrowsBufferClosed() {
        assertAllOperationsFailAfterClose(implementation.allocate(16));
    }

    @Test
    void everyOperationOnAClosedSharedBufferThrowsBufferClosed() {
        assertAllOperationsFailAfterClose(implementation.allocateShared(16));
    }

    private static void assertAllOperationsFailAfterClose(TestBuffer buffer) {
        buffer.fill();
        buffer.close();
        OPERATIONS.forEach((name, operation) -> {
            IllegalStateException thrown =
                    assertThrows(IllegalStateException.class, () -> operation.accept(buffer), name);
            assertTrue(thrown.getMessage().contains("buffer closed"), name + ": " + thrown.getMessage());
        });
    }

    @Test
    void sizeStateAndDescriptionStillWorkAfterClose() {
        TestBuffer buffer = implementation.allocate(16);
        buffer.close();
        assertAll(
                () -> assertEquals(16, buffer.size()),
                () -> assertTrue(buffer.isClosed()),
                () -> assertFalse(buffer.isShared()),
                () -> assertTrue(buffer.toString().contains("closed"), buffer.toString()));
    }

    @Test
    void aBufferIsOpenUntilClosed() {
        try (TestBuffer buffer = implementation.allocateShared(8)) {
            assertFalse(buffer.isClosed());
            assertTrue(buffer.toString().contains("open"), buffer.toString());
        }
    }

    /**
     * 300 buffers of 1 MiB, each unreachable from the moment its fill() begins, with another thread running the GC
     * without pause. Without a reachability fence the Cleaner could free one while C writes into it: a crash, or
     * under AddressSanitizer a heap-use-after-free report.
     */
    @Test
    void aBufferIsNotFreedWhileAnOperationRuns() throws Exception {
        ChildJvm.Result result = Scenario.run(implementation, List.of("-Djnibuffer.leakWarnings=false"),
                "unreachable-during-fill", "300");
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertEquals(300, Scenario.value(result, "rounds"), result::toString),
                () -> assertEquals(0, Scenario.value(result, "live"), result::toString));
    }

    @Test
    void theJvmExitsNormallyWithBuffersStillOpenAndInUse() throws Exception {
        ChildJvm.Result result = Scenario.run(implementation, List.of("-Djnibuffer.leakWarnings=false"),
                "exit-with-open-buffers");
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(result.output().contains("exiting"), result::toString),
                () -> assertFalse(result.output().contains("fatal error"), result::toString));
    }
}
