package io.github.jnibuffer.testing.fuzz;

import io.github.jnibuffer.testing.Implementation;
import java.util.List;
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
                FuzzCase fuzzCase = new FuzzCase(implementation, caseSeed, otherThread);
                int steps = 1 + (int) Long.remainderUnsigned(caseSeed, MAX_STEPS);
                try {
                    fuzzCase.run(steps);
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(reproducer(caseSeed, fuzzCase.log(), e), e);
                }
                operations += fuzzCase.operations();
            }
        } finally {
            otherThread.shutdownNow();
        }
        System.out.printf("fuzz: %s, %d cases, %d operations, all as the model says (seed %d, %d ms)%n",
                implementation.name(), cases, operations, seed, (System.nanoTime() - started) / 1_000_000);
    }

    private String reproducer(long caseSeed, List<String> log, Throwable failure) {
        StringBuilder message = new StringBuilder()
                .append("fuzz case with seed ").append(caseSeed).append(" (implementation ")
                .append(implementation.name()).append(") differs from the model at its last step: ")
                .append(failure.getMessage()).append("\nSteps:\n");
        log.forEach(line -> message.append("  ").append(line).append('\n'));
        return message.append("Replay: mvn test -Dtest=FuzzTest -Djnibuffer.fuzz.cases=1 -Djnibuffer.fuzz.seed=")
                .append(caseSeed).toString();
    }
}
