package io.github.jnibuffer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Whether this JVM runs with the AddressSanitizer runtime preloaded (the asan profile's sanitized build), and its logs. */
public final class AddressSanitizer {
    private AddressSanitizer() {}

    public static boolean isPreloaded() {
        String preload = System.getenv("LD_PRELOAD");
        return preload != null && preload.contains("libasan");
    }

    /**
     * This JVM's value of a sanitizer options variable ({@code ASAN_OPTIONS}, {@code UBSAN_OPTIONS}) with log_path
     * replaced, so that a child's deliberate report lands in a test folder instead of failing the check.
     */
    public static String optionsWithLogPath(String variable, Path logPath) {
        String options = System.getenv(variable);
        Stream<String> kept = options == null ? Stream.empty()
                : Arrays.stream(options.split(":")).filter(option -> !option.startsWith("log_path="));
        return Stream.concat(kept, Stream.of("log_path=" + logPath)).collect(Collectors.joining(":"));
    }

    /** The contents of every report file a sanitizer wrote into {@code directory} (named log_path.pid). */
    public static String reportsIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.sorted().toList()) {
                all.append(Files.readString(file));
            }
            return all.toString();
        }
    }
}
