package examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import org.junit.jupiter.api.Test;

/** The safe examples, started exactly as the README says, print what they promise. */
class SafeExamplesTest {
    @Test
    void safePrintsSizeAndFirstSixteenBytesAndRefusesMisuse() throws Exception {
        ChildJvm.Result result = ChildJvm.runExample("examples.Safe");
        String out = result.output();
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(out.contains("Size: 20 bytes"), out),
                () -> assertTrue(out.contains("First 16 bytes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]"),
                        out),
                () -> assertTrue(out.contains("After try-with-resources: Buffer[20 bytes, closed"), out),
                () -> assertTrue(out.contains("fill() after close() -> IllegalStateException: buffer closed"), out),
                () -> assertTrue(out.contains("-> IllegalArgumentException: Buffer size must be positive"), out),
                () -> assertTrue(out.contains("get(20) on a 20-byte buffer -> IndexOutOfBoundsException"), out),
                () -> assertTrue(out.contains("fill() from another thread -> IllegalStateException"), out),
                () -> assertEquals(2, out.split("Live buffers: 0", -1).length - 1, out),
                () -> assertTrue(!out.contains("WARNING"), "nothing leaked, nothing warned:\n" + out));
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
