package io.github.jnibuffer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.Implementations;
import io.github.jnibuffer.testing.fuzz.Fuzzer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/**
 * The operations and model of {@link FuzzTest}, driven by Jazzer: instead of a seeded generator, the fuzzer picks
 * the bytes behind every decision (the implementation too) and keeps the inputs that reach new code.
 * Tagged "jazzer": it runs only in {@code ./mvnw test -Dcheck=jazzer} (.ci/checks/tagged jazzer), which sets
 * {@code JAZZER_FUZZ=1} so that it fuzzes for {@code maxDuration}, in a JVM of its own (Jazzer's agent instruments
 * every class loaded after it).
 */
@Tag("jazzer")
class CoverageGuidedFuzzTest {
    private static final List<Implementation> IMPLEMENTATIONS = Implementations.all();
    private static final ExecutorService OTHER_THREAD =
            Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "fuzz-other"));

    @FuzzTest(maxDuration = "30s")
    void operationSequencesMatchTheModel(FuzzedDataProvider data) {
        Implementation implementation = IMPLEMENTATIONS.get(data.consumeInt(0, IMPLEMENTATIONS.size() - 1));
        Fuzzer.runOne(implementation, data, OTHER_THREAD);
    }

    @AfterAll
    static void stopTheOtherThread() {
        OTHER_THREAD.shutdownNow();
    }
}
