package examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.Implementation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Each implementation's safe example, run as the README says, prints the same results for the same calls. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.jnibuffer.testing.Implementations#all")
class SafeExampleParityTest {
    @Parameter
    Implementation implementation;

    @Test
    void printsTheSameFilledBytesAndRefusesUseAfterClose() throws Exception {
        ChildJvm.Result result = ChildJvm.runExample(implementation.safeExampleClass());
        String out = result.output();
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(out.contains("Filled Buffer[20 bytes, open, confined to thread \"main\"]"), out),
                () -> assertTrue(out.contains("Size: 20 bytes"), out),
                () -> assertTrue(out.contains("First 16 bytes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]"),
                        out),
                () -> assertTrue(out.contains("After try-with-resources: Buffer[20 bytes, closed"), out),
                () -> assertTrue(out.contains("Live buffers: 0"), out),
                () -> assertTrue(out.contains("fill() after close() -> IllegalStateException: buffer closed"), out),
                () -> assertTrue(out.contains("get(20) on a 20-byte buffer -> IndexOutOfBoundsException: "
                        + "Index 20 out of bounds for length 20"), out),
                () -> assertTrue(!out.contains("WARNING"), out));
    }
}
