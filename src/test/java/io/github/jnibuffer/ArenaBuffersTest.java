package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jnibuffer.testing.Arenas;
import io.github.jnibuffer.testing.ArenaScenarios;
import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.OtherThread;
import io.github.jnibuffer.testing.Pattern;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariant: a direct buffer whose memory an {@code Arena} owns (JDK 22+) is filled only while the arena is open and
 * the calling thread may use it, as NIO's own accesses are; otherwise the fill throws what NIO throws and C writes
 * nothing. A shared arena closed by another thread during fills ends them with IllegalStateException, never a crash.
 * The cases that would crash an unprotected fill run in child JVMs ({@link ArenaScenarios}).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.jnibuffer.testing.Implementations#all")
class ArenaBuffersTest {
    private static final byte UNTOUCHED = 99;

    @Parameter
    Implementation implementation;

    @BeforeEach
    void onlyWhereArenasExist() {
        assumeTrue(Arenas.AVAILABLE, Arenas.SKIPPED);
    }

    @Test
    void aBufferOfAClosedConfinedArenaIsRefused() throws Exception {
        String output = child("closed-confined").output();
        assertAll(() -> assertTrue(output.contains("outcome=java.lang.IllegalStateException"), output),
                () -> assertTrue(output.contains("position=0"), output));
    }

    @Test
    void aFileMappedIntoAClosedArenaIsRefused() throws Exception {
        String output = child("closed-mapped").output();
        assertAll(() -> assertTrue(output.contains("outcome=java.lang.IllegalStateException"), output),
                () -> assertTrue(output.contains("position=0"), output));
    }

    @Test
    void closingASharedArenaDuringFillsEndsThemWithIllegalStateException() throws Exception {
        String output = child("shared-close-race", "2000").output();
        int rounds = valueOf(output, "rounds");
        assertAll(() -> assertTrue(rounds > 0, output),
                () -> assertEquals(rounds, valueOf(output, "refused"), output),
                () -> assertTrue(!output.contains("unexpected="), output));
    }

    @Test
    void aConfinedArenasBufferIsRefusedOnAnotherThread() throws Exception {
        try (Arenas.Arena arena = Arenas.of("ofConfined")) {
            ByteBuffer buffer = arena.allocate(4096);
            Throwable thrown = OtherThread.failureOf(() -> implementation.fill(buffer));
            assertNotNull(thrown, "a thread that does not own the arena filled its memory");
            assertEquals("java.lang.WrongThreadException", thrown.getClass().getName(), thrown.toString());
            assertEquals(0, buffer.position());
            assertArrayEquals(new byte[4096], contents(buffer));
        }
    }

    /** Large enough for the copying path's chunks; small for global memory, which is never freed. */
    @ParameterizedTest(name = "Arena.{0}(), {1} bytes")
    @CsvSource({"ofConfined, 300000", "ofShared, 300000", "ofShared, 600", "ofAuto, 300000", "global, 600"})
    void buffersOfOpenArenasAreFilledFromPositionToLimit(String factory, int capacity) {
        Arenas.Arena arena = Arenas.of(factory);
        try {
            ByteBuffer buffer = arena.allocate(capacity);
            assertFillsFromPositionToLimit(buffer);
        } finally {
            if (factory.startsWith("ofC") || factory.startsWith("ofS")) {
                arena.close();
            }
        }
    }

    private void assertFillsFromPositionToLimit(ByteBuffer buffer) {
        int capacity = buffer.capacity();
        byte[] before = new byte[capacity];
        Arrays.fill(before, UNTOUCHED);
        buffer.put(before).clear();
        buffer.position(5).limit(capacity - 3);
        implementation.fill(buffer);
        assertEquals(capacity - 3, buffer.position());
        byte[] expected = before.clone();
        System.arraycopy(Pattern.of(capacity - 8), 0, expected, 5, capacity - 8);
        assertArrayEquals(expected, contents(buffer));
    }

    private ChildJvm.Result child(String... scenario) throws Exception {
        String[] arguments = new String[scenario.length + 1];
        arguments[0] = implementation.name();
        System.arraycopy(scenario, 0, arguments, 1, scenario.length);
        ChildJvm.Result result = ChildJvm.runMain(ChildJvm.nativeOptions(), ArenaScenarios.class, arguments);
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    private static int valueOf(String output, String key) {
        return output.lines().filter(line -> line.startsWith(key + "=")).mapToInt(
                line -> Integer.parseInt(line.substring(key.length() + 1))).findFirst().orElse(-1);
    }

    private static byte[] contents(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.capacity()];
        buffer.duplicate().clear().get(bytes);
        return bytes;
    }
}
