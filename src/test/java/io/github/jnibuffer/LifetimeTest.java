package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jnibuffer.testing.AddressSanitizer;
import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.ChildScenarios;
import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.Implementation.TestBuffer;
import io.github.jnibuffer.testing.Mutant;
import io.github.jnibuffer.testing.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
     * Buffers of 64 MiB, each unreachable from the moment an operation on it begins (fill, and copyTo, which
     * toByteArray shares in C), while
     * another thread runs the GC every millisecond, in compiled code: the interpreter would keep them alive, so the child
     * first warms the path up under {@link ChildScenarios#COMPILED}. An operation outlasts a GC and the backstop's free
     * by far, so if the Buffer did not stay reachable until the operation ends (its reachability fence), the GC backstop
     * would free the memory under C: a crash, or under AddressSanitizer a heap-use-after-free report. The test below
     * shows that this happens at once to the JNI Buffer without its fences.
     */
    @Test
    void aBufferIsNotFreedWhileAnOperationRuns() throws Exception {
        ChildJvm.Result result = Scenario.run(implementation, unreachableBufferOptions(),
                "unreachable-during-operation", "fill,copyTo", Integer.toString(ROUNDS), Integer.toString(SIZE));
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertEquals(ROUNDS, Scenario.value(result, "fillRounds"), result::toString),
                () -> assertEquals(ROUNDS, Scenario.value(result, "copyToRounds"), result::toString),
                () -> Scenario.assertLive(0, result));
    }

    /**
     * The test above can fail: without its reachability fences the JNI Buffer is freed under an operation. A mutant of
     * the library with every {@code Reference.reachabilityFence} call dropped ({@link Mutant.Mutation}) must die in the
     * same scenario: the JVM crashes in fill_buffer, or AddressSanitizer reports the use after free. Not the Panama
     * Buffer, which no fence protects alone: the segment that every downcall and access holds keeps its arena alive,
     * and the arena's close action refers to the Buffer, so it stays reachable with or without the fence.
     */
    @Test
    void theTestAboveCatchesABufferWithoutItsFences(@TempDir Path mutant, @TempDir Path reports) throws Exception {
        assumeTrue(implementation.name().equals("jni"), "the Panama Buffer stays reachable through its segment's arena"
                + " during an operation, fence or not (docs/checks.md)");
        assertTheMutantDies(Mutant.Mutation.DROP_REACHABILITY_FENCES, mutant, reports);
    }

    private void assertTheMutantDies(Mutant.Mutation mutation, Path mutant, Path reports) throws Exception {
        List<String> changes = Mutant.write(mutation, Path.of(ChildJvm.classesDirectory()), mutant);
        ChildJvm.Result result = Scenario.runMutant(implementation, mutant, reports, unreachableBufferOptions(),
                "unreachable-during-operation", "fill", Integer.toString(MUTANT_ROUNDS), Integer.toString(SIZE));
        String sanitizerReports = AddressSanitizer.reportsIn(reports);
        boolean diedOfTheFree = result.exitCode() != 0 && !result.output().contains("fillRounds=")
                && (result.output().contains("A fatal error has been detected")
                        || sanitizerReports.contains("ERROR: AddressSanitizer: heap-use-after-free"));
        assertTrue(diedOfTheFree, () -> "the mutant survived (" + String.join("; ", changes) + "): " + result + "\n"
                + sanitizerReports);
    }

    /**
     * Rounds per operation, and the buffer size, in the two tests above. The mutant is given 10 rounds, since they cost
     * time only if it survives (docs/checks.md has how soon it died).
     */
    private static final int ROUNDS = 5;
    private static final int MUTANT_ROUNDS = 10;
    private static final int SIZE = 64 << 20;

    /** Compiled code, heap room for copyTo's 64 MiB arrays, and no leak warnings (nothing is closed). */
    private static List<String> unreachableBufferOptions() {
        List<String> options = new ArrayList<>(ChildScenarios.COMPILED);
        options.addAll(List.of("-Xmx512m", "-Djnibuffer.leakWarnings=false"));
        return options;
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
