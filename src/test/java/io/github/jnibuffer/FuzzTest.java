package io.github.jnibuffer;

import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.fuzz.Fuzzer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariant: whatever the caller does, each call does what a simple model says (which exception, which bytes)
 * and nothing crashes. Random operation sequences from a seed, each case checked step by step; a failure prints
 * the seed, the steps and the command that replays it.
 *
 * <p>{@code -Djnibuffer.fuzz.cases=N} sets the number of cases (200 in {@code ./mvnw test}; the fuzz check runs
 * many more, {@code .ci/checks/tagged fuzz}), {@code -Djnibuffer.fuzz.seed=S} replays a seed (random by default,
 * printed either way). Tagged "fuzz" so that the fuzz check can run it alone.
 */
@Tag("fuzz")
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.jnibuffer.testing.Implementations#all")
class FuzzTest {
    @Parameter
    Implementation implementation;

    @Test
    @Timeout(1800) // a cap for the long CI runs; mvn test's 200 cases take about a second
    void randomOperationSequencesMatchTheModel() throws Exception {
        Fuzzer.fromSystemProperties(implementation).run();
    }
}
