package examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import org.junit.jupiter.api.Test;

/** The naive examples run exactly as their Javadoc says, and show each problem without crashing by default. */
class NaiveExamplesTest {
    /** The README's options: native access, the native directory, the classes directory. */
    @Test
    void naiveShowsEveryProblemAndExitsCleanly() throws Exception {
        ChildJvm.Result result = ChildJvm.runExample("examples.Naive");
        String out = result.output();
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(out.contains("Buffer successfully filled"), out),
                () -> assertTrue(out.contains("Buffer successfully freed"), out),
                () -> assertTrue(out.contains("Forgetting free_buffer leaks"), out),
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
    void naiveLeakDemonstrationReallyGrowsResidentMemory() throws Exception {
        String out = ChildJvm.runExample("examples.Naive").output();
        java.util.regex.Matcher grown = java.util.regex.Pattern.compile("resident memory grew by (-?\\d+) MiB")
                .matcher(out);
        assertTrue(grown.find(), out);
        assertTrue(Integer.parseInt(grown.group(1)) >= 60, "64 MiB leaked, RSS should show it:\n" + out);
    }

    @Test
    void naiveRejectsUnknownArguments() throws Exception {
        ChildJvm.Result result = ChildJvm.runExample("examples.Naive", "--unsafe=everything");
        assertEquals(2, result.exitCode(), result::toString);
    }

    @Test
    void naiveCallerOwnedFillsTheArrayAndListsTheProblems() throws Exception {
        ChildJvm.Result result = ChildJvm.runExample("examples.NaiveCallerOwned");
        String out = result.output();
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(out.contains("Buffer successfully filled: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, "
                        + "13, 14, 15, 16, 17, 18, 19]"), out),
                () -> assertTrue(out.contains("fill_buffer returned -1"), out),
                () -> assertTrue(out.contains("[0, 1, 2, 3, 0, 0, 0, 0]"), out),
                () -> assertTrue(out.contains("3. The glue copies the whole array out and back"), out),
                () -> assertTrue(out.contains("4. The glue never checks that the copy succeeded"), out),
                () -> assertTrue(out.contains("5. A size larger than the array"), out),
                () -> assertTrue(out.contains("6. A null array crashes the JVM"), out),
                () -> assertTrue(out.contains("--unsafe=overflow|null-array|copy-fails"), out),
                () -> assertTrue(!out.contains("!!! WARNING"), out));
    }

    /** Problem 3 measures what it claims: copying 64 MiB out and back costs more than writing 4 bytes in place. */
    @Test
    void naiveCallerOwnedCopyOfTheWholeArrayIsSlowerThanNativeMemory() throws Exception {
        String out = ChildJvm.runExample("examples.NaiveCallerOwned").output();
        java.util.regex.Matcher timing = java.util.regex.Pattern.compile(
                "64 MiB array took ([0-9.]+) ms, the same 4 bytes into native memory ([0-9.]+) ms").matcher(out);
        assertTrue(timing.find(), out);
        assertTrue(Double.parseDouble(timing.group(1)) > Double.parseDouble(timing.group(2)), out);
    }

    @Test
    void naiveCallerOwnedRejectsUnknownArguments() throws Exception {
        ChildJvm.Result result = ChildJvm.runExample("examples.NaiveCallerOwned", "--unsafe=everything");
        assertEquals(2, result.exitCode(), result::toString);
    }
}
