package io.github.jnibuffer.testing;

import java.util.List;
import java.util.Optional;

/**
 * The lines by which the JVM and the sanitizers report a native bug. -Xcheck:jni only warns and carries on, so
 * its warnings must be looked for; the same markers are grepped by the CI scripts (.ci/checks/) in surefire's
 * output files, and {@link ChildJvm#run} looks for them in every child JVM's output.
 */
public final class NativeFindings {
    public static final List<String> MARKERS = List.of(
            "WARNING in native method", // -Xcheck:jni
            "FATAL ERROR in native method", // -Xcheck:jni, or a JNI misuse the JVM cannot survive
            "ERROR: AddressSanitizer", // ASan (when it prints to the output rather than to log_path)
            "runtime error:", // UBSan
            "A fatal error has been detected by the Java Runtime Environment"); // a crash (hs_err)

    private NativeFindings() {}

    /** The first marker found in {@code output}, if any. */
    public static Optional<String> firstIn(String output) {
        return MARKERS.stream().filter(output::contains).findFirst();
    }
}
