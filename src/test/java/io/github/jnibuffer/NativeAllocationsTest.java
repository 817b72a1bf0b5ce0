package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.Implementation.TestBuffer;
import io.github.jnibuffer.testing.LiveCounts;
import io.github.jnibuffer.testing.Mutant;
import io.github.jnibuffer.testing.NativeAllocations;
import io.github.jnibuffer.testing.Scenario;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The leak oracle kept in C ({@link NativeAllocations}): it is there (unless declared absent), it follows every
 * allocation and free, and it sees a free that never reached C, which liveCount() does not.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.jnibuffer.testing.Implementations#all")
class NativeAllocationsTest {
    @Parameter
    Implementation implementation;

    @Test
    void theCountKeptInCFollowsEveryAllocationAndFree() {
        assumeTrue(NativeAllocations.isChecked(), "declared absent: -D" + NativeAllocations.PROPERTY + "=false");
        LiveCounts start = LiveCounts.of(implementation); // fails if the counting demo_lib is not the one loaded
        TestBuffer confined = implementation.allocate(16);
        TestBuffer shared = implementation.allocateShared(1 << 20);
        start.assertNow(implementation, 2, "two buffers allocated");
        confined.close();
        start.assertNow(implementation, 1, "one closed");
        shared.close();
        start.assertUnchanged(implementation, "both closed");
    }

    /**
     * A mutant whose close() never calls free_buffer yet counts the free as done: liveCount() is back to 0, as it
     * would be for the real library, and only the count kept in C sees the 100 blocks still allocated.
     */
    @Test
    void aFreeSkippedInCIsCaughtThoughLiveCountMissesIt(@TempDir Path mutant, @TempDir Path reports)
            throws Exception {
        assumeTrue(NativeAllocations.isChecked(), "declared absent: -D" + NativeAllocations.PROPERTY + "=false");
        Mutant.write(Mutant.Mutation.SKIP_NATIVE_FREE, Path.of(ChildJvm.classesDirectory()), mutant);
        ChildJvm.Result result = Scenario.runMutant(implementation, mutant, reports, List.of(), "allocate-close", "100");
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertEquals(0, Scenario.value(result, "live"), "liveCount() misses it: " + result),
                () -> assertEquals(100, Scenario.value(result, "nativeLive"), "C's count sees it: " + result));
    }
}
