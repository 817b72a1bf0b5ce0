package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.ChildScenarios;
import io.github.jnibuffer.testing.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

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

    /**
     * fill(), like get() and copyTo(), refuses a closed shared buffer in Java, before C: a call into C with the
     * guard cell of a closed buffer, which may already serve another buffer, would write it into this thread's guard
     * slot. Where each refusal was decided shows in its stack trace, in the innermost frame of Buffer.
     */
    @Test
    void fillRefusesAClosedSharedBufferWhereGetAndCopyToDo() {
        Buffer buffer = Buffer.allocateShared(16);
        buffer.close();
        String get = refusedIn(() -> buffer.get(0));
        assertAll(() -> assertEquals(get, refusedIn(() -> buffer.copyTo(0, new byte[1], 0, 1))),
                () -> assertEquals(get, refusedIn(buffer::fill), "fill() refused the closed buffer elsewhere"));
    }

    /** The innermost method of Buffer in the stack trace of the IllegalStateException that the call throws. */
    private static String refusedIn(Executable call) {
        IllegalStateException refusal = assertThrows(IllegalStateException.class, call);
        return Arrays.stream(refusal.getStackTrace())
                .filter(frame -> frame.getClassName().equals(Buffer.class.getName()))
                .findFirst().map(StackTraceElement::getMethodName).orElse("no frame of Buffer");
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
