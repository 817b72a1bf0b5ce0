package io.github.jnibuffer.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the JNI glue, {@code libdemo_jni.so}, once per class loader. Not part of the public API.
 *
 * <p>It walks {@code java.library.path} itself instead of calling {@code System.loadLibrary}, so that a
 * failure can say which directories were searched and, when the file was found but would not load, why:
 * the usual causes are a missing {@code libdemo_lib.so} beside it (the glue finds it through its RUNPATH
 * {@code $ORIGIN}, never through {@code java.library.path}) or a file that is not a shared library.
 */
public final class NativeLibrary {
    /** The glue's base name; {@link System#mapLibraryName} turns it into {@code libdemo_jni.so}. */
    public static final String GLUE_NAME = "demo_jni";
    /** The C library the glue links against; it must sit in the same directory as the glue. */
    public static final String DEMO_LIB_NAME = "demo_lib";

    private static boolean loaded;

    private NativeLibrary() {}

    /**
     * Loads the glue if this class loader has not done so yet. Thread-safe.
     *
     * @throws UnsatisfiedLinkError naming the directories searched, or the file found and why it failed
     */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        String fileName = System.mapLibraryName(GLUE_NAME);
        String libraryPath = System.getProperty("java.library.path", "");
        List<String> searched = new ArrayList<>();
        for (String entry : libraryPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            searched.add(entry);
            Path candidate = Paths.get(entry, fileName).toAbsolutePath();
            if (Files.isRegularFile(candidate)) {
                loadFile(candidate);
                loaded = true;
                return;
            }
        }
        throw new UnsatisfiedLinkError("Cannot find " + fileName + " in java.library.path (searched: "
                + (searched.isEmpty() ? "no directories" : String.join(", ", searched)) + "). "
                + "Build the native libraries with `mvn compile` (they land in target/native) and start java "
                + "with -Djava.library.path=<directory holding " + fileName + ">, e.g. -Djava.library.path=target/native");
    }

    private static void loadFile(Path file) {
        try {
            System.load(file.toString());
        } catch (UnsatisfiedLinkError e) {
            UnsatisfiedLinkError explained = new UnsatisfiedLinkError(
                    "Found " + file + " but could not load it: " + e.getMessage() + ". " + adviceFor(e.getMessage()));
            explained.initCause(e);
            throw explained;
        }
    }

    private static String adviceFor(String reason) {
        String demoLib = System.mapLibraryName(DEMO_LIB_NAME);
        if (reason != null && reason.contains(demoLib)) {
            return "The glue needs " + demoLib + " in the same directory (found through its RUNPATH $ORIGIN, "
                    + "not through java.library.path): copy both files together or rebuild with `mvn compile`.";
        }
        if (reason != null && (reason.contains("ELF") || reason.contains("too short"))) {
            return "The file is not a shared library for this platform: rebuild it with `mvn compile`.";
        }
        return "Rebuild the native libraries with `mvn compile` and check that the directory holds both "
                + System.mapLibraryName(GLUE_NAME) + " and " + demoLib + ".";
    }
}
