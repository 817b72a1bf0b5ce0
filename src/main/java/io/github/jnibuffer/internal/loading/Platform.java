package io.github.jnibuffer.internal.loading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The operating system, CPU and C library this JVM runs on, and the directory of the jar that holds libraries for
 * it: {@code /native/linux-<cpu>/}, e.g. {@code /native/linux-aarch64/}. The build names those directories after the
 * CPU its compiler targeted ({@code cmake/jar-platform.cmake}); keep the two lists in step.
 *
 * @param os {@code linux}, {@code macos}, {@code windows}, or {@code os.name} in lower case
 * @param arch {@code x86_64}, {@code aarch64}, {@code arm}, ..., or {@code os.arch} as the JVM reports it
 * @param musl whether the C library is musl (Alpine Linux) rather than glibc. The jar's glibc-built libraries are
 *     loaded there too: they use only symbols that musl provides (see docs/loading-and-distribution.md); this is
 *     only named in error messages, so that a failure on musl says where it happened.
 */
record Platform(String os, String arch, boolean musl) {
    /** The CPUs the jar carries Linux libraries for, each tested on every commit (most under qemu). */
    static final List<String> SUPPORTED_CPUS = List.of("x86_64", "aarch64", "arm", "ppc64le", "s390x", "riscv64");

    /** The platform of this JVM. */
    static Platform current() {
        String os = normalizeOs(System.getProperty("os.name", ""));
        return new Platform(os, normalizeArch(System.getProperty("os.arch", "")), os.equals("linux") && runsOnMusl());
    }

    /** {@code linux-x86_64}: the directory name under {@code /native/}, the same on glibc and musl. */
    String id() {
        return os + "-" + arch;
    }

    boolean isSupported() {
        return os.equals("linux") && SUPPORTED_CPUS.contains(arch);
    }

    /** How an error message names this platform, e.g. {@code linux-aarch64 (glibc)}. */
    String describe() {
        return id() + (os.equals("linux") ? (musl ? " (musl libc)" : " (glibc)") : "");
    }

    /** What the jar holds, for an error message: {@code linux-x86_64, linux-aarch64, ...}. */
    static String describeSupported() {
        return SUPPORTED_CPUS.stream().map(cpu -> "linux-" + cpu).collect(Collectors.joining(", "));
    }

    static String normalizeOs(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.startsWith("linux")) {
            return "linux";
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "macos";
        }
        if (name.startsWith("windows")) {
            return "windows";
        }
        return name.replaceAll("[^a-z0-9]+", "");
    }

    /** The names JVMs give each CPU in {@code os.arch}, mapped to the jar's; anything else is kept as it is. */
    static String normalizeArch(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            // OpenJDK reports 32-bit ARM as "arm"; the jar's copy is armhf (ARMv7, hard-float), Debian's and
            // Raspberry Pi OS's 32-bit ARM.
            case "arm", "armhf", "armv7l" -> "arm";
            default -> arch;
        };
    }

    /**
     * Whether musl's dynamic linker is mapped into this process. Alpine's JVM maps {@code /lib/ld-musl-x86_64.so.1};
     * a glibc system may have musl installed, but its JVM never maps it.
     */
    private static boolean runsOnMusl() {
        try (Stream<String> mappings = Files.lines(Path.of("/proc/self/maps"))) {
            return isMuslMapped(mappings);
        } catch (IOException | UncheckedIOException e) {
            return false; // no /proc: nothing to tell us otherwise
        }
    }

    /** Whether these lines of {@code /proc/self/maps} show musl's dynamic linker. */
    static boolean isMuslMapped(Stream<String> mappings) {
        return mappings.anyMatch(line -> line.contains("/ld-musl-"));
    }
}
