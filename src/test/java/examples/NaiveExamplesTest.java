package examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The naive examples run exactly as their Javadoc says, each once, show each problem without crashing by default, and
 * measure what they claim.
 */
class NaiveExamplesTest {
    /** The README's options: native access, the native directory, the classes directory. */
    @Test
    void naiveShowsEveryProblemAndExitsCleanly() throws Exception {
        ChildJvm.Result result = ChildJvm.runExample("examples.Naive");
        String out = result.output();
        Matcher grown = Pattern.compile("resident memory grew by (-?\\d+) MiB").matcher(out);
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(out.contains("Buffer successfully filled"), out),
                () -> assertTrue(out.contains("Buffer successfully freed"), out),
                () -> assertTrue(out.contains("Forgetting free_buffer leaks"), out),
                () -> assertTrue(grown.find() && Integer.parseInt(grown.group(1)) >= 60,
                        "64 MiB leaked, resident memory should show it:\n" + out),
                () -> assertTrue(out.contains("allocate_buffer returned 0 (NULL), fill_buffer returned -1"), out),
                () -> assertTrue(out.contains("The pointer outlives its free"), out),
                () -> assertTrue(out.contains("The size is not tied to the pointer"), out),
                () -> assertTrue(out.contains("An exception between allocate and free leaks"), out),
                () -> assertTrue(out.contains("Any long is accepted as a pointer"), out),
                () -> assertTrue(out.contains("Any thread can use, or free, the pointer"), out),
                () -> assertTrue(out.contains("--unsafe="), out),
                () -> assertTrue(!out.contains("!!! WARNING"), "no undefined behaviour runs by default:\n" + out));
    }

    @Test
    void naiveRejectsUnknownArguments() throws Exception {
        ChildJvm.Result result = ChildJvm.runExample("examples.Naive", "--unsafe=everything");
        assertEquals(2, result.exitCode(), result::toString);
    }

    /**
     * Problem 3 measures what it claims: the glue copies the whole array, so writing the same 4 bytes costs far more
     * in a 64 MiB array than in a 64-byte one (about 10 000 times here). A glue that copied only what C writes would
     * make the two about equal, and this test fail.
     */
    @Test
    void naiveCallerOwnedFillsTheArrayAndListsTheProblems() throws Exception {
        ChildJvm.Result result = ChildJvm.runExample("examples.NaiveCallerOwned");
        String out = result.output();
        Matcher timing = Pattern.compile(
                "writing the same 4 bytes took ([0-9.]+) ms into a 64 MiB array and ([0-9.]+) µs into a 64-byte one")
                .matcher(out);
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(out.contains("Buffer successfully filled: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, "
                        + "13, 14, 15, 16, 17, 18, 19]"), out),
                () -> assertTrue(out.contains("fill_buffer returned -1"), out),
                () -> assertTrue(out.contains("[0, 1, 2, 3, 0, 0, 0, 0]"), out),
                () -> assertTrue(out.contains("3. The glue copies the whole array out and back"), out),
                () -> assertTrue(timing.find() && Double.parseDouble(timing.group(1)) * 1000
                        > 100 * Double.parseDouble(timing.group(2)), "the whole array is copied:\n" + out),
                () -> assertTrue(out.contains("4. The glue never checks that the copy succeeded"), out),
                () -> assertTrue(out.contains("5. A size larger than the array"), out),
                () -> assertTrue(out.contains("6. A null array crashes the JVM"), out),
                () -> assertTrue(out.contains("--unsafe=overflow|null-array|copy-fails"), out),
                () -> assertTrue(!out.contains("!!! WARNING"), out));
    }

    @Test
    void naiveCallerOwnedRejectsUnknownArguments() throws Exception {
        ChildJvm.Result result = ChildJvm.runExample("examples.NaiveCallerOwned", "--unsafe=everything");
        assertEquals(2, result.exitCode(), result::toString);
    }
}
