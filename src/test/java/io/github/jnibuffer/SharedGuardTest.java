package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.ChildScenarios;
import io.github.jnibuffer.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared-buffer guard (jni/shared_guard.c) in both of its modes: with membarrier(), where uses execute no fence,
 * and with the fallback for kernels and emulators without it (JNIBUFFER_GUARD=fence), where each use executes one.
 * In each, three threads use shared buffers while another closes them, 200 times: every use sees the right bytes or
 * "buffer closed", and every buffer is freed. The race itself is also run, harder, by StressTest.
 */
class SharedGuardTest {
    @Test
    @Timeout(120)
    void closeWaitsForUsesWithMembarrier() throws Exception {
        String output = race(Map.of());
        System.out.println("shared guard, default mode: " + line(output, "guardFences=") + ", "
                + line(output, "operations="));
    }

    @Test
    @Timeout(120)
    void closeWaitsForUsesWithTheFenceFallback() throws Exception {
        String output = race(Map.of("JNIBUFFER_GUARD", "fence"));
        assertTrue(output.contains("guardFences=true"), "the fallback was not used:\n" + output);
    }

    private static String race(Map<String, String> environment) throws Exception {
        List<String> command = ChildJvm.mainCommand(ChildJvm.nativeOptions(), ChildScenarios.class,
                "jni", "shared-close-race", "200");
        ChildJvm.Result result = ChildJvm.requireNoFindings(ChildJvm.capture(new ArrayList<>(command), environment));
        assertAll(
                () -> assertEquals(0, result.exitCode(), result.toString()),
                () -> assertTrue(result.output().contains("failure=null"), result.toString()),
                () -> Scenario.assertLive(0, result));
        return result.output();
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(prefix + "?");
    }
}
