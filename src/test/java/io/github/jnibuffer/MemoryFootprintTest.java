package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.AddressSanitizer;
import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Allocating, filling and closing a million buffers leaves nothing behind: the live count is back to 0 and the
 * process's resident memory does not grow with the number of buffers. Runs in a child JVM so that no other
 * test's buffers are counted, with a fixed heap so that Java heap growth cannot be mistaken for a leak. Under
 * AddressSanitizer only the live count is checked: ASan keeps freed memory in quarantine, so RSS grows by design.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.jnibuffer.testing.Implementations#all")
class MemoryFootprintTest {
    /** A leak of the 16-byte buffers alone would be 16 MiB plus malloc overhead (~32 MiB); 8 MiB is noise. */
    private static final long MAX_RSS_GROWTH_KIB = 8 * 1024;

    @Parameter
    Implementation implementation;

    @Test
    void aMillionAllocateCloseCyclesLeaveLiveCountZeroAndRssFlat() throws Exception {
        ChildJvm.Result result = Scenario.run(implementation, List.of("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch"),
                "allocate-close-loop", "1000000");
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertEquals(1_000_000, Scenario.value(result, "cycles"), result::toString),
                () -> Scenario.assertLive(0, result),
                () -> assertTrue(AddressSanitizer.isPreloaded() // its quarantine holds freed memory on purpose
                        || Scenario.value(result, "rssGrowthKiB") < MAX_RSS_GROWTH_KIB, result::toString));
    }
}
