package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.ErrorScenarios;
import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.Implementations;
import io.github.jnibuffer.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariant: an Error (StackOverflowError, OutOfMemoryError) at any step of allocate, close or the GC backstop
 * costs neither a double free nor a lost block. Each case runs in a child JVM ({@link ErrorScenarios}) that
 * injects the Error through the test-only hook of the backstop, or installs a logger that throws, and then waits,
 * without allocating, until both counts are 0: Java's liveCount() and C's count of live blocks. A double free
 * crashes the child (glibc aborts) or drives the C count below 0; a lost block leaves it above 0.
 *
 * <p>It can fail: before this test was written, the constructor freed a registered block behind the backstop's
 * back (a double free once the GC found the half-built buffer), close() marked a block freed whose free had
 * thrown (lost), and the backstop's thread died of an Error or of a throwing logger (later leaks lost).
 */
class ErrorSafetyTest {
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Implementation implementation : Implementations.all()) {
            // virtual: confined buffers of a virtual thread, which the backstop keeps in its locked tables (JDK 21+)
            List<String> modes = Runtime.version().feature() >= 21
                    ? List.of("confined", "shared", "virtual")
                    : List.of("confined", "shared");
            for (String mode : modes) {
                for (String scenario : List.of("error-after-register", "error-before-free-then-retry",
                        "error-before-free-then-drop", "error-after-free-then-retry", "error-after-free-then-drop")) {
                    cases.add(Arguments.of(implementation, scenario, mode));
                }
            }
            cases.add(Arguments.of(implementation, "error-in-reclaim", "confined"));
            cases.add(Arguments.of(implementation, "throwing-logger", "confined"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void everyBlockIsFreedExactlyOnce(Implementation implementation, String scenario, String mode) throws Exception {
        List<String> options = new ArrayList<>(ChildJvm.nativeOptions());
        ChildJvm.Result result = ChildJvm.runMain(options, ErrorScenarios.class, implementation.name(), scenario, mode);
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(scenario.startsWith("error-in-reclaim") || scenario.startsWith("throwing-logger")
                        || result.output().contains("caught=injected"), () -> "the fault did not fire: " + result),
                () -> Scenario.assertLive(0, result));
        if (scenario.equals("throwing-logger")) {
            assertEquals(0, Scenario.value(result, "firstLeakLive"), result::toString);
        }
    }
}
