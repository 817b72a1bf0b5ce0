package io.github.jnibuffer.internal.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Naming the platform: what the JVM reports becomes the jar's directory name, and six Linux CPUs are supported, on
 * glibc and on musl alike. Detecting musl needs an Alpine machine, so its rule is tested on sample /proc/self/maps
 * lines.
 */
class PlatformTest {

    /** The os.arch values real JVMs report for each CPU (HotSpot, OpenJ9, Debian's and Alpine's builds). */
    @ParameterizedTest
    @CsvSource({
        "Linux, amd64, linux-x86_64",
        "Linux, x86_64, linux-x86_64",
        "Linux, aarch64, linux-aarch64",
        "Linux, arm64, linux-aarch64",
        "Linux, arm, linux-arm",
        "Linux, ppc64le, linux-ppc64le",
        "Linux, s390x, linux-s390x",
        "Linux, riscv64, linux-riscv64",
        "Mac OS X, aarch64, macos-aarch64",
        "Windows 11, amd64, windows-x86_64",
        "FreeBSD, amd64, freebsd-x86_64"})
    void namesThePlatformAsTheJarDoes(String osName, String osArch, String id) {
        assertEquals(id, new Platform(Platform.normalizeOs(osName), Platform.normalizeArch(osArch), false).id());
    }

    @ParameterizedTest
    @CsvSource({"x86_64", "aarch64", "arm", "ppc64le", "s390x", "riscv64"})
    void sixLinuxCpusAreSupportedOnGlibcAndOnMusl(String cpu) {
        assertTrue(new Platform("linux", cpu, false).isSupported());
        assertTrue(new Platform("linux", cpu, true).isSupported(), "musl loads the glibc build: it is not refused");
    }

    @Test
    void otherCpusAndOtherSystemsAreNot() {
        assertFalse(new Platform("linux", "x86", false).isSupported());
        assertFalse(new Platform("linux", "ppc64", false).isSupported()); // big-endian POWER
        assertFalse(new Platform("macos", "aarch64", false).isSupported());
        assertFalse(new Platform("windows", "x86_64", false).isSupported());
        assertEquals("linux-x86_64, linux-aarch64, linux-arm, linux-ppc64le, linux-s390x, linux-riscv64",
                Platform.describeSupported());
    }

    @Test
    void muslIsNamedInTheDescriptionButUsesTheSameDirectory() {
        Platform alpine = new Platform("linux", "x86_64", true);
        assertEquals("linux-x86_64 (musl libc)", alpine.describe());
        assertEquals("linux-x86_64", alpine.id());
        assertEquals("linux-x86_64 (glibc)", new Platform("linux", "x86_64", false).describe());
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
    void thisMachineIsSupportedAndTheJarHoldsItsLibraries() throws Exception {
        // Run on every CPU CI tests (under qemu too): the JVM's os.arch must map to a directory the build filled.
        Platform platform = Platform.current();
        assertTrue(platform.isSupported(), platform::describe);
        assertEquals(3, BundledLibraries.read(platform).libraries().size());
    }
}
