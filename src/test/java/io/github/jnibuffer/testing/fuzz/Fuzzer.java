package io.github.jnibuffer.testing.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.github.jnibuffer.testing.Implementation;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs many {@link FuzzCase}s from one seed. Case i uses the seed {@code seed + i * GAMMA}, so any case replays
 * alone with {@code -Djnibuffer.fuzz.seed=<its seed> -Djnibuffer.fuzz.cases=1}; the failure message gives exactly
 * that command. The seed is printed before the first case too, so that even a crash leaves it in the log.
 */
public final class Fuzzer {
    private static final long GAMMA = 0x9E37_79B9_7F4A_7C15L;
    private static final int MAX_STEPS = 60;

    private final Implementation implementation;
    private final long seed;
    private final int cases;

    public Fuzzer(Implementation implementation, long seed, int cases) {
        this.implementation = implementation;
        this.seed = seed;
        this.cases = cases;
    }

    /** Seed and case count from -Djnibuffer.fuzz.seed (random if unset or empty) and -Djnibuffer.fuzz.cases. */
    public static Fuzzer fromSystemProperties(Implementation implementation) {
        String seed = System.getProperty("jnibuffer.fuzz.seed", "").trim();
        int cases = Integer.parseInt(System.getProperty("jnibuffer.fuzz.cases", "200").trim());
        return new Fuzzer(implementation, seed.isEmpty() ? System.nanoTime() : Long.decode(seed), cases);
    }

    /** Runs every case; throws AssertionError with a reproducer on the first mismatch. */
    public void run() {
        System.out.println("fuzz: " + implementation.name() + ", " + cases + " cases from seed " + seed);
        long started = System.nanoTime();
        long operations = 0;
        ExecutorService otherThread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "fuzz-other"));
        try {
            for (int i = 0; i < cases; i++) {
                long caseSeed = seed + i * GAMMA;
                FuzzCase fuzzCase = new FuzzCase(implementation, Choices.from(new SplittableRandom(caseSeed)),
                        otherThread);
                int steps = 1 + (int) Long.remainderUnsigned(caseSeed, MAX_STEPS);
                run(fuzzCase, steps, "seed " + caseSeed, "Replay: ./mvnw test -Dtest=FuzzTest "
                        + "-Djnibuffer.fuzz.cases=1 -Djnibuffer.fuzz.seed=" + caseSeed);
                operations += fuzzCase.operations();
            }
        } finally {
            otherThread.shutdownNow();
        }
        System.out.printf("fuzz: %s, %d cases, %d operations, all as the model says (seed %d, %d ms)%n",
                implementation.name(), cases, operations, seed, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * One case whose decisions are the bytes a coverage-guided fuzzer (Jazzer) chose: the same operations and the
     * same model as the seeded cases. Throws AssertionError with the steps on a mismatch.
     */
    public static void runOne(Implementation implementation, FuzzedDataProvider data, ExecutorService otherThread) {
        int steps = data.consumeInt(1, MAX_STEPS);
        run(new FuzzCase(implementation, Choices.from(data), otherThread), steps, "Jazzer input",
                "Replay: Jazzer wrote this input to a crash-<sha1> file (\"Test unit written to\", above); move it "
                        + "into src/test/resources/io/github/jnibuffer/CoverageGuidedFuzzTestInputs/"
                        + "operationSequencesMatchTheModel/ and run: ./mvnw test -Dcheck=jazzer -Djazzer.fuzz=");
    }

    private static void run(FuzzCase fuzzCase, int steps, String origin, String replay) {
        try {
            fuzzCase.run(steps);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(reproducer(fuzzCase, origin, e, replay), e);
        }
    }

    private static String reproducer(FuzzCase fuzzCase, String origin, Throwable failure, String replay) {
        StringBuilder message = new StringBuilder()
                .append("fuzz case from ").append(origin).append(" (implementation ")
                .append(fuzzCase.implementationName()).append(") differs from the model at its last step: ")
                .append(failure.getMessage()).append("\nSteps:\n");
        fuzzCase.log().forEach(line -> message.append("  ").append(line).append('\n'));
        return message.append(replay).toString();
    }
}
