package io.github.jnibuffer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Naming the platform: what the JVM reports becomes the jar's directory name, and only linux-x86_64 on glibc is
 * supported. Detecting musl needs an Alpine machine, so its rule is tested on sample /proc/self/maps lines.
 */
class PlatformTest {

    @ParameterizedTest
    @CsvSource({
        "Linux, amd64, linux-x86_64",
        "Linux, x86_64, linux-x86_64",
        "Linux, aarch64, linux-aarch64",
        "Mac OS X, aarch64, macos-aarch64",
        "Windows 11, amd64, windows-x86_64",
        "FreeBSD, amd64, freebsd-x86_64"})
    void namesThePlatformAsTheJarDoes(String osName, String osArch, String id) {
        assertEquals(id, new Platform(Platform.normalizeOs(osName), Platform.normalizeArch(osArch), false).id());
    }

    @Test
    void onlyLinuxX8664WithGlibcIsSupported() {
        assertTrue(new Platform("linux", "x86_64", false).isSupported());
        assertFalse(new Platform("linux", "x86_64", true).isSupported());
        assertFalse(new Platform("linux", "aarch64", false).isSupported());
        assertFalse(new Platform("macos", "x86_64", false).isSupported());
    }

    @Test
    void muslIsNamedInTheDescriptionAndTheDirectory() {
        Platform alpine = new Platform("linux", "x86_64", true);
        assertEquals("linux-x86_64 (musl libc)", alpine.describe());
        assertEquals("linux-x86_64-musl", alpine.id());
        assertEquals("linux-x86_64 (glibc)", Platform.SUPPORTED.describe());
    }

    @Test
    void muslIsRecognisedByItsDynamicLinkerInTheProcessMappings() {
        assertTrue(Platform.isMuslMapped(Stream.of(
                "7f0e1c000000-7f0e1c014000 r--p 00000000 08:01 1234 /lib/ld-musl-x86_64.so.1")));
        assertFalse(Platform.isMuslMapped(Stream.of(
                "7f0e1c000000-7f0e1c028000 r--p 00000000 08:01 1234 /usr/lib/x86_64-linux-gnu/libc.so.6",
                "7f0e1c100000-7f0e1c12a000 r--p 00000000 08:01 1235 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")));
    }

    @Test
    void thisMachineIsTheSupportedOne() {
        // The build and CI run on Linux x86-64 with glibc; if this fails, the other loading tests mean little.
        assertEquals(Platform.SUPPORTED, Platform.current());
    }
}
