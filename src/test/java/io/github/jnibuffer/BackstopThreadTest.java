package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.BackstopThreadScenarios;
import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariant: the library keeps no class loader reachable once its classes are dropped, as an application server
 * drops a deployment's loader on redeploy. The thread that frees leaked buffers is the usual culprit: it must
 * start only when needed, keep nothing of the thread that started it (context class loader, inherited
 * ThreadLocals), and end once idle with nothing live, like the JDK's Cleaner thread; and a pooled thread's
 * ThreadLocal must not hold the library's objects.
 *
 * <p>It can fail: with the thread started in a static initializer and never ending, and a ThreadLocal holding
 * each thread's table, both tests fail (the thread never ends, the loader is never collected).
 */
class BackstopThreadTest {
    private static List<String> options() {
        List<String> options = new ArrayList<>(ChildJvm.nativeOptions());
        options.add("--add-opens=java.base/java.lang=ALL-UNNAMED"); // to read the thread's inherited ThreadLocals
        return options;
    }

    @ParameterizedTest
    @MethodSource("io.github.jnibuffer.testing.Implementations#all")
    void theBackstopThreadInheritsNothingEndsWhenIdleAndStartsAgain(Implementation implementation) throws Exception {
        ChildJvm.Result result = ChildJvm.runMain(options(), BackstopThreadScenarios.class, "lifecycle",
                implementation.name());
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(result.output().contains("started=true"), result::toString),
                () -> assertTrue(result.output().contains("contextLoaderNull=true"), result::toString),
                () -> assertTrue(result.output().contains("inheritedThreadLocals=false"), result::toString),
                () -> assertTrue(result.output().contains("daemon=true"), result::toString),
                () -> assertTrue(result.output().contains("endedWhenIdle=true"), result::toString),
                () -> Scenario.assertLive(0, result));
    }

    @Test
    void aDroppedClassLoaderIsCollectedThoughAPooledThreadUsedTheLibrary() throws Exception {
        ChildJvm.Result result = ChildJvm.runMain(options(), BackstopThreadScenarios.class, "class-loader",
                ChildJvm.classesDirectory());
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(result.output().contains("used=true"), result::toString),
                () -> assertTrue(result.output().contains("loaderCollected=true"), result::toString),
                () -> assertTrue(result.output().contains("backstopThreadLeft=false"), result::toString));
    }
}
