package examples;

import static io.github.jnibuffer.testing.Scenario.count;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.Implementation;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The safe examples, started exactly as the README says, each once, print what they promise. */
class SafeExamplesTest {
    /** What only one implementation's safe example shows: examples.Safe also tries a bad size and another thread. */
    private static final Map<String, List<String>> ALSO_PRINTED = Map.of(
            "examples.Safe", List.of(
                    "allocate(70_000 * 40_000), an overflowed size -> IllegalArgumentException: Buffer size must be "
                            + "positive",
                    "fill() from another thread -> IllegalStateException: Buffer[20 bytes, open, confined to thread "
                            + "\"main\"] was used from thread \"worker\""),
            "examples.PanamaSafe", List.of(
                    "byte[20] filled by C: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]"));

    /** Each implementation's safe example prints the same results for the same calls, and what it alone shows. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.jnibuffer.testing.Implementations#all")
    void safeExamplePrintsTheFilledBytesAndRefusesMisuse(Implementation implementation) throws Exception {
        String example = implementation.safeExampleClass();
        ChildJvm.Result result = ChildJvm.runExample(example);
        String out = result.output();
        Stream<String> lines = Stream.concat(Stream.of(
                        "Filled Buffer[20 bytes, open, confined to thread \"main\"]",
                        "Size: 20 bytes",
                        "First 16 bytes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]",
                        "After try-with-resources: Buffer[20 bytes, closed",
                        "fill() after close() -> IllegalStateException: buffer closed",
                        "get(20) on a 20-byte buffer -> IndexOutOfBoundsException: Index 20 out of bounds for length 20"),
                ALSO_PRINTED.get(example).stream());
        assertAll(Stream.concat(
                Stream.of(() -> assertEquals(0, result.exitCode(), result::toString),
                        () -> assertTrue(count(out, "Live buffers: 0") >= 1
                                && count(out, "Live buffers: 0") == count(out, "Live buffers: "),
                                "every live count printed is 0:\n" + out),
                        () -> assertTrue(!out.contains("WARNING"), "nothing leaked, nothing warned:\n" + out)),
                lines.map(line -> () -> assertTrue(out.contains(line), "no line \"" + line + "\" in:\n" + out))));
    }

    @Test
    void safeCallerOwnedFillsArrayAndDirectBufferAndRefusesMisuse() throws Exception {
        ChildJvm.Result result = ChildJvm.runExample("examples.SafeCallerOwned");
        String out = result.output();
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(out.contains("byte[20] filled by C: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, "
                        + "15, 16, 17, 18, 19]"), out),
                () -> assertTrue(out.contains("fill(array, 2, 4): [0, 0, 0, 1, 2, 3, 0, 0]"), out),
                () -> assertTrue(out.contains("position now 16, contents [0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "
                        + "11]"), out),
                () -> assertTrue(out.contains("-> IndexOutOfBoundsException"), out),
                () -> assertTrue(out.contains("fill((byte[]) null) -> NullPointerException"), out),
                () -> assertTrue(out.contains("fill(read-only buffer) -> ReadOnlyBufferException"), out));
    }
}
