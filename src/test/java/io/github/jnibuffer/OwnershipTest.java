package io.github.jnibuffer;

import static io.github.jnibuffer.testing.Scenario.count;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.ChildScenarios;
import io.github.jnibuffer.testing.Scenario;
import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.Implementation.TestBuffer;
import io.github.jnibuffer.testing.LiveCounts;
import io.github.jnibuffer.testing.OtherThread;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariant: ownership and exactly-once free. close() frees once, later calls do nothing, the GC backstop frees what
 * was never closed (and says so), and the two can never both free the same memory.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.jnibuffer.testing.Implementations#all")
class OwnershipTest {
    @Parameter
    Implementation implementation;

    @Test
    void closeFreesTheMemory() {
        LiveCounts start = LiveCounts.of(implementation);
        TestBuffer buffer = implementation.allocate(16);
        start.assertNow(implementation, 1, "one buffer allocated");
        buffer.close();
        start.assertUnchanged(implementation, "the buffer closed");
        assertTrue(buffer.isClosed());
    }

    @Test
    void closeTwiceFreesOnce() {
        LiveCounts start = LiveCounts.of(implementation);
        TestBuffer confined = implementation.allocate(16);
        TestBuffer shared = implementation.allocateShared(16);
        confined.close();
        confined.close();
        shared.close();
        shared.close();
        start.assertUnchanged(implementation, "a second close must not free (or count) again");
    }

    @Test
    void sharedBufferClosedOnAnotherThreadIsNotFreedAgainHere() throws Exception {
        LiveCounts start = LiveCounts.of(implementation);
        TestBuffer shared = implementation.allocateShared(16);
        assertEquals(null, OtherThread.failureOf(shared::close));
        shared.close();
        start.assertUnchanged(implementation, "closed on another thread, then here");
    }

    @Test
    void tryWithResourcesFreesWhenTheBodyThrows() {
        LiveCounts start = LiveCounts.of(implementation);
        assertThrows(ArithmeticException.class, () -> {
            try (TestBuffer buffer = implementation.allocate(16)) {
                buffer.fill();
                throw new ArithmeticException("the body failed");
            }
        });
        start.assertUnchanged(implementation, "try-with-resources closed it");
    }

    /**
     * Closed buffers become garbage like any object (the weak references to them clear), and collecting them frees
     * nothing a second time: a second free would lower liveCount() below its start, and C's count too, if glibc did
     * not abort the JVM first ("double free detected").
     */
    @Test
    void closedBuffersThatAreCollectedAreNotFreedAgainByTheBackstop() throws Exception {
        LiveCounts start = LiveCounts.of(implementation);
        List<WeakReference<TestBuffer>> references = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            TestBuffer buffer = i % 2 == 0 ? implementation.allocate(32) : implementation.allocateShared(32);
            buffer.close();
            references.add(new WeakReference<>(buffer));
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (references.stream().anyMatch(reference -> reference.get() != null) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(0, references.stream().filter(reference -> reference.get() != null).count(),
                "closed buffers still reachable after 30 s of System.gc(): something holds on to them");
        Thread.sleep(100); // give a (wrong) second free by the backstop's thread time to happen
        start.assertUnchanged(implementation, "a second free would have lowered the counts again");
    }

    @Test
    void unclosedBuffersAreFreedByTheBackstopWithRateLimitedWarnings() throws Exception {
        ChildJvm.Result result = scenario(List.of(), "drop", "1000");
        String out = result.output();
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> Scenario.assertLive(0, result),
                () -> assertEquals(10, count(out, "was never closed; the GC backstop freed it"), out),
                () -> assertEquals(1, count(out, "100 Buffers so far were never closed"), out),
                () -> assertEquals(1, count(out, "1000 Buffers so far were never closed"), out),
                () -> assertEquals(0, count(out, "allocated here"), "no allocation sites unless tracing:\n" + out));
    }

    @Test
    void leakTracingShowsWhereTheLeakedBufferWasAllocated() throws Exception {
        ChildJvm.Result result = scenario(List.of("-Djnibuffer.leakTracing=true"), "drop", "3");
        String out = result.output();
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertEquals(3, count(out, "It was allocated here"), out),
                () -> assertTrue(out.contains("at " + ChildScenarios.class.getName() + ".allocateAndDrop"), out));
    }

    @Test
    void leakWarningsCanBeSwitchedOff() throws Exception {
        ChildJvm.Result result = scenario(List.of("-Djnibuffer.leakWarnings=false"), "drop", "50");
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> Scenario.assertLive(0, result),
                () -> assertEquals(0, count(result.output(), "WARNING"), result::toString));
    }

    @Test
    void theBackstopDoesNotKeepTheBufferReachable() throws Exception {
        ChildJvm.Result result = scenario(List.of("-Djnibuffer.leakWarnings=false"), "weak");
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(result.output().contains("collected=true"), result::toString),
                () -> Scenario.assertLive(0, result));
    }

    private ChildJvm.Result scenario(List<String> jvmOptions, String... arguments) throws Exception {
        return Scenario.run(implementation, jvmOptions, arguments);
    }
}
