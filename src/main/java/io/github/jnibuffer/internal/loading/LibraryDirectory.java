package io.github.jnibuffer.internal.loading;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the glue from a directory that holds the three native libraries, whichever way that directory was found.
 *
 * <p>It checks what it can before {@link System#load}, and turns what the dynamic linker says into advice, because
 * the common mistakes have plain causes: {@code libdemo_lib.so} or {@code libjnibuffer_guard_v2.so} not beside the
 * glue (the glue finds them through its RUNPATH {@code $ORIGIN}, never through {@code java.library.path}), a file
 * that is not a shared library for this platform, or a directory on a file system mounted {@code noexec}.
 */
final class LibraryDirectory {
    /** The JNI glue: {@code libdemo_jni.so}. */
    static final String GLUE_FILE = System.mapLibraryName("demo_jni");
    /** The C library the glue links against: {@code libdemo_lib.so}, found beside the glue. */
    static final String DEMO_LIB_FILE = System.mapLibraryName("demo_lib");
    /**
     * The shared-buffer guard's runtime, {@code libjnibuffer_guard_v2.so}, found beside the glue: one per process,
     * however many copies of the glue class loaders load (see jni/shared_guard.h).
     */
    static final String GUARD_FILE = System.mapLibraryName("jnibuffer_guard_v2");

    /** How the JDK says no: one library file may be loaded by one class loader only. */
    private static final String LOADED_IN_ANOTHER_CLASS_LOADER = "already loaded in another classloader";

    private LibraryDirectory() {}

    /**
     * Loads {@code directory/libdemo_jni.so}, which pulls in {@code directory/libdemo_lib.so} and
     * {@code directory/libjnibuffer_guard_v2.so}.
     *
     * @return the absolute path of the glue that was loaded
     * @throws UnsatisfiedLinkError saying which file is missing or why the glue did not load, and what to do
     */
    static Path loadGlue(Path directory) {
        Path absolute = existingDirectory(directory);
        Path glue = absolute.resolve(GLUE_FILE);
        if (!Files.isRegularFile(glue)) {
            throw new UnsatisfiedLinkError("no " + GLUE_FILE + " in " + absolute);
        }
        for (String needed : new String[] {DEMO_LIB_FILE, GUARD_FILE}) {
            if (!Files.isRegularFile(absolute.resolve(needed))) {
                throw new UnsatisfiedLinkError(absolute + " holds " + GLUE_FILE + " but not " + needed
                        + ", which the glue needs beside it (it is found through the glue's RUNPATH $ORIGIN, never "
                        + "through java.library.path): keep " + GLUE_FILE + ", " + DEMO_LIB_FILE + " and " + GUARD_FILE
                        + " together in one directory");
            }
        }
        return load(glue);
    }

    /**
     * {@code directory/libdemo_lib.so}, checked to be a file but not loaded: for the Panama counterpart, which loads
     * it itself.
     *
     * @return its absolute path
     * @throws UnsatisfiedLinkError if there is no such directory or file
     */
    static Path demoLib(Path directory) {
        Path demoLib = existingDirectory(directory).resolve(DEMO_LIB_FILE);
        if (!Files.isRegularFile(demoLib)) {
            throw new UnsatisfiedLinkError("no " + DEMO_LIB_FILE + " in " + demoLib.getParent());
        }
        return demoLib;
    }

    private static Path existingDirectory(Path directory) {
        Path absolute = directory.toAbsolutePath();
        if (!Files.isDirectory(absolute)) {
            throw new UnsatisfiedLinkError(absolute + " is not a directory");
        }
        return absolute;
    }

    /**
     * {@link System#load}, with the dynamic linker's reason kept as the cause and explained in the message.
     *
     * @return {@code file}
     */
    static Path load(Path file) {
        try {
            System.load(file.toString());
            return file;
        } catch (UnsatisfiedLinkError e) {
            // The JDK's message is "<file>: <what the dynamic linker said>"; the file is named once here already.
            String reason = String.valueOf(e.getMessage()).replace(file + ": ", "");
            UnsatisfiedLinkError explained = new UnsatisfiedLinkError(
                    "could not load " + file + " (" + reason + "). " + adviceFor(file, reason));
            explained.initCause(e);
            throw explained;
        }
    }

    /** Whether {@link #load} failed only because another class loader of this JVM has loaded the same file. */
    static boolean loadedByAnotherClassLoader(UnsatisfiedLinkError explained) {
        Throwable reason = explained.getCause();
        return reason != null && String.valueOf(reason.getMessage()).contains(LOADED_IN_ANOTHER_CLASS_LOADER);
    }

    private static String adviceFor(Path file, String why) {
        // glibc's words when mmap refuses PROT_EXEC. Checked first: the message may name libdemo_lib.so.
        if (why.contains("failed to map segment")) {
            return file.getParent() + " is most likely on a file system mounted noexec (as /tmp often is), from which "
                    + "no code can be loaded: use a directory on another file system (for the copy extracted from the "
                    + "jar: -D" + NativeLibrary.TMPDIR_PROPERTY + "=<directory>)";
        }
        if (why.contains(LOADED_IN_ANOTHER_CLASS_LOADER)) {
            return "Another class loader in this JVM loaded this file first, and the JDK lets only one class loader "
                    + "load a given library file: load jni-buffer through a class loader the two share, or remove -D"
                    + NativeLibrary.LIBRARY_PATH_PROPERTY + " so that each gets its own copy extracted from the jar";
        }
        // The linker's message names the dependency when the dependency is at fault.
        String culprit = why.contains(DEMO_LIB_FILE) ? DEMO_LIB_FILE : why.contains(GUARD_FILE) ? GUARD_FILE : GLUE_FILE;
        // glibc's words for a file that is not a loadable ELF shared object for this machine.
        if (why.contains("ELF") || why.contains("too short") || why.contains("cannot read file data")) {
            return culprit + " is not a shared library for this platform (corrupt, truncated, or built for another "
                    + "one): replace all three files with a fresh build (`mvn compile` writes them to target/native)";
        }
        if (why.contains(DEMO_LIB_FILE) || why.contains(GUARD_FILE)) {
            return "The glue needs a readable " + culprit + " in the same directory: copy the three files together, "
                    + "or rebuild them with `mvn compile`";
        }
        if (why.contains("undefined symbol")) {
            return GLUE_FILE + ", " + DEMO_LIB_FILE + " and " + GUARD_FILE + " come from different builds: take all "
                    + "three from the same one";
        }
        return "Rebuild the native libraries with `mvn compile` and keep " + GLUE_FILE + ", " + DEMO_LIB_FILE + " and "
                + GUARD_FILE + " together in one directory";
    }
}
