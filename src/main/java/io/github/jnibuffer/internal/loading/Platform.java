package io.github.jnibuffer.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The operating system, CPU architecture and C library this JVM runs on, named the way the jar names its
 * bundled libraries' directory: {@code /native/<id>/}, e.g. {@code /native/linux-x86_64/}.
 *
 * @param os {@code linux}, {@code macos}, {@code windows}, or {@code os.name} in lower case
 * @param arch {@code x86_64}, {@code aarch64}, or {@code os.arch} as the JVM reports it
 * @param musl whether the C library is musl (Alpine Linux) rather than glibc: a library linked against glibc does
 *     not load there
 */
record Platform(String os, String arch, boolean musl) {
    /** The only platform the jar carries libraries for. */
    static final Platform SUPPORTED = new Platform("linux", "x86_64", false);

    /** The platform of this JVM. */
    static Platform current() {
        String os = normalizeOs(System.getProperty("os.name", ""));
        return new Platform(os, normalizeArch(System.getProperty("os.arch", "")), os.equals("linux") && runsOnMusl());
    }

    /** {@code linux-x86_64}, or {@code linux-x86_64-musl} on musl: the directory name under {@code /native/}. */
    String id() {
        return os + "-" + arch + (musl ? "-musl" : "");
    }

    boolean isSupported() {
        return equals(SUPPORTED);
    }

    /** How an error message names this platform, e.g. {@code linux-aarch64 (glibc)}. */
    String describe() {
        return os + "-" + arch + (os.equals("linux") ? (musl ? " (musl libc)" : " (glibc)") : "");
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

    static String normalizeArch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> osArch.toLowerCase(Locale.ROOT);
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
