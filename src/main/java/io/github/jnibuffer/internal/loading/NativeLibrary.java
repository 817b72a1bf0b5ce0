package io.github.jnibuffer.internal;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loads the JNI glue, {@code libdemo_jni.so}, and through it {@code libdemo_lib.so}: once per class loader, on
 * first use, thread-safely. Not part of the public API. In this order:
 *
 * <ol>
 *   <li>{@code -Djnibuffer.library.path=<dir>}: both libraries from that directory and nothing else. A failure is
 *       reported, never replaced by another copy: whoever sets it wants exactly those files.
 *   <li>{@code java.library.path}: the first of its directories that holds the glue.
 *   <li>The copy bundled in the jar under {@code /native/linux-x86_64/}, extracted (see {@link Extractor}) to
 *       {@code <jnibuffer.tmpdir, default java.io.tmpdir>/jni-buffer-<version>-<content hash>/}.
 * </ol>
 *
 * A failure is an {@link UnsatisfiedLinkError} listing what was tried and what to do, with each attempt's own
 * error attached as a suppressed exception.
 */
public final class NativeLibrary {
    /** The only directory to load from, when set. */
    public static final String LIBRARY_PATH_PROPERTY = "jnibuffer.library.path";
    /** Where to extract the bundled copy instead of {@code java.io.tmpdir}, e.g. when /tmp is mounted noexec. */
    public static final String TMPDIR_PROPERTY = "jnibuffer.tmpdir";

    private static final Logger LOGGER = System.getLogger(NativeLibrary.class.getName());
    private static final String LIBRARIES = LibraryDirectory.GLUE_FILE + " and " + LibraryDirectory.DEMO_LIB_FILE;

    /** The glue this class loader loaded; null until then. Guarded by NativeLibrary.class. */
    private static Path loadedGlue;

    private NativeLibrary() {}

    /**
     * Loads the native libraries if this class loader has not done so yet.
     *
     * @throws UnsatisfiedLinkError listing what was tried and what to do; a later call tries again
     */
    public static synchronized void load() {
        if (loadedGlue != null) {
            return;
        }
        String directory = System.getProperty(LIBRARY_PATH_PROPERTY);
        Path glue = directory != null ? loadFromExplicitDirectory(directory) : loadFromLibraryPathOrJar();
        LOGGER.log(Level.DEBUG, () -> "Loaded " + glue);
        loadedGlue = glue;
    }

    /**
     * The file {@link #load()} loaded the glue from. A copy made for a second class loader is deleted once loaded,
     * so this path may no longer exist.
     *
     * @return its absolute path, or null if nothing was loaded yet
     */
    public static synchronized Path loadedGlue() {
        return loadedGlue;
    }

    /**
     * Finds {@code libdemo_lib.so} in the same order {@link #load()} finds the glue, without loading anything: for
     * the Panama counterpart, which calls demo_lib through downcall handles and needs no glue. The explicit
     * directory, else the first {@code java.library.path} directory holding it, else the jar's copy, extracted.
     *
     * @return the absolute path of {@code libdemo_lib.so}
     * @throws UnsatisfiedLinkError if none of the three has it
     */
    public static Path locateDemoLib() {
        String explicit = System.getProperty(LIBRARY_PATH_PROPERTY);
        if (explicit != null) {
            Path file = Path.of(explicit, LibraryDirectory.DEMO_LIB_FILE).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new UnsatisfiedLinkError("no " + LibraryDirectory.DEMO_LIB_FILE + " in -D" + LIBRARY_PATH_PROPERTY
                        + "=" + explicit + "; nothing else was tried");
            }
            return file;
        }
        for (String entry : System.getProperty("java.library.path", "").split(File.pathSeparator)) {
            Path file = entry.isEmpty() ? null : Path.of(entry, LibraryDirectory.DEMO_LIB_FILE).toAbsolutePath();
            if (file != null && Files.isRegularFile(file)) {
                return file;
            }
        }
        Platform platform = Platform.current();
        if (!platform.isSupported()) {
            throw new UnsatisfiedLinkError("no " + LibraryDirectory.DEMO_LIB_FILE + " in java.library.path, and the jar"
                    + " holds one for " + Platform.SUPPORTED.describe() + " only, not " + platform.describe());
        }
        try {
            return Extractor.extract(BundledLibraries.read(platform), extractionRoot())
                    .resolve(LibraryDirectory.DEMO_LIB_FILE);
        } catch (IOException e) {
            throw linkError("no " + LibraryDirectory.DEMO_LIB_FILE + " in java.library.path, and the jar's copy could "
                    + "not be extracted: " + e.getMessage(), e);
        }
    }

    private static Path loadFromExplicitDirectory(String directory) {
        try {
            return LibraryDirectory.loadGlue(Path.of(directory));
        } catch (UnsatisfiedLinkError e) {
            throw failure(List.of(new Attempt("-D" + LIBRARY_PATH_PROPERTY + "=" + directory, e)),
                    "Nothing else was tried: an explicit directory is never replaced by another copy. Point -D"
                            + LIBRARY_PATH_PROPERTY + " at a directory holding both " + LIBRARIES
                            + " (a build from source has them in target/native), or remove it to use the copy "
                            + "bundled in the jar.");
        }
    }

    private static Path loadFromLibraryPathOrJar() {
        List<Attempt> attempts = new ArrayList<>();
        String libraryPath = System.getProperty("java.library.path", "");
        String whatLibraryPath = "java.library.path=" + libraryPath;
        Path found = findInLibraryPath(libraryPath);
        UnsatisfiedLinkError brokenCopy = null;
        if (found == null) {
            attempts.add(new Attempt(whatLibraryPath,
                    new UnsatisfiedLinkError("no " + LibraryDirectory.GLUE_FILE + " in any of its directories")));
        } else {
            try {
                return LibraryDirectory.loadGlue(found);
            } catch (UnsatisfiedLinkError e) {
                brokenCopy = e;
                attempts.add(new Attempt(whatLibraryPath, e));
            }
        }
        try {
            Path glue = loadFromJar();
            if (brokenCopy != null && !LibraryDirectory.loadedByAnotherClassLoader(brokenCopy)) {
                LOGGER.log(Level.WARNING, "Loaded the copy of the native libraries bundled in the jar, because the one "
                        + "found through java.library.path failed: " + brokenCopy.getMessage());
            }
            return glue;
        } catch (UnsatisfiedLinkError e) {
            attempts.add(new Attempt("the copy bundled in the jar", e));
        }
        throw failure(attempts, "Fix a cause given above, or build the libraries for this machine (`mvn "
                + "compile` writes " + LIBRARIES + " to target/native) and set -D" + LIBRARY_PATH_PROPERTY
                + "=<their directory>.");
    }

    /** The first directory of java.library.path holding the glue, as System.loadLibrary would pick it; or null. */
    private static Path findInLibraryPath(String libraryPath) {
        return Arrays.stream(libraryPath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(Path::of)
                .filter(LibraryDirectory::holdsGlue)
                .findFirst()
                .orElse(null);
    }

    private static Path loadFromJar() {
        Platform platform = Platform.current();
        if (!platform.isSupported()) {
            throw new UnsatisfiedLinkError("it holds libraries for " + Platform.SUPPORTED.describe() + " only, and "
                    + "this JVM runs on " + platform.describe() + " (os.name=" + System.getProperty("os.name")
                    + ", os.arch=" + System.getProperty("os.arch") + ")");
        }
        BundledLibraries bundle;
        Path directory;
        try {
            bundle = BundledLibraries.read(platform);
            directory = Extractor.extract(bundle, extractionRoot());
        } catch (IOException e) {
            throw linkError("could not extract it: " + e.getMessage(), e);
        }
        try {
            return LibraryDirectory.loadGlue(directory);
        } catch (UnsatisfiedLinkError e) {
            if (!LibraryDirectory.loadedByAnotherClassLoader(e)) {
                throw e;
            }
            return loadUniqueCopy(directory, bundle);
        }
    }

    /**
     * Another class loader of this JVM has loaded the extracted glue, and the JDK refuses to load one library file in
     * two class loaders; a copy under another name is another library to the JDK. The copy can be deleted once
     * loaded: Linux keeps a deleted file that is mapped.
     */
    private static Path loadUniqueCopy(Path directory, BundledLibraries bundle) {
        Path copy;
        try {
            copy = Extractor.uniqueCopy(directory, bundle.glue());
        } catch (IOException e) {
            throw linkError("could not write a copy of the glue for this class loader: " + e, e);
        }
        try {
            return LibraryDirectory.load(copy);
        } finally {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                LOGGER.log(Level.DEBUG, "Could not delete " + copy, e);
            }
        }
    }

    private static Path extractionRoot() {
        return Path.of(System.getProperty(TMPDIR_PROPERTY, System.getProperty("java.io.tmpdir")));
    }

    /** One way of finding the libraries that did not work, and why. */
    private record Attempt(String what, Throwable failure) {}

    private static UnsatisfiedLinkError failure(List<Attempt> attempts, String whatToDo) {
        StringBuilder message = new StringBuilder("Could not load the jni-buffer native libraries (")
                .append(LIBRARIES).append("). Tried:");
        for (int i = 0; i < attempts.size(); i++) {
            Attempt attempt = attempts.get(i);
            message.append("\n  ").append(i + 1).append(". ").append(attempt.what()).append(": ")
                    .append(attempt.failure().getMessage());
        }
        message.append("\n").append(whatToDo);
        UnsatisfiedLinkError error = new UnsatisfiedLinkError(message.toString());
        attempts.forEach(attempt -> error.addSuppressed(attempt.failure()));
        return error;
    }

    private static UnsatisfiedLinkError linkError(String message, Throwable cause) {
        UnsatisfiedLinkError error = new UnsatisfiedLinkError(message);
        error.initCause(cause);
        return error;
    }
}
