package io.github.jnibuffer.internal.loading;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Loads the JNI glue, {@code libdemo_jni.so}, and through it {@code libdemo_lib.so} and the guard runtime
 * {@code libjnibuffer_guard_v2.so}: once per class loader, on
 * first use, thread-safely; and finds {@code libdemo_lib.so} alone for the Panama counterpart. Not part of the
 * public API. Both look in this order, written once ({@link #find}):
 *
 * <ol>
 *   <li>{@code -Djnibuffer.library.path=<dir>}: the libraries from that directory and nothing else. A failure is
 *       reported, never replaced by another copy: whoever sets it wants exactly those files.
 *   <li>{@code java.library.path}: the first of its directories that holds the library looked for.
 *   <li>The copy bundled in the jar under {@code /native/linux-<cpu>/} for this JVM's CPU ({@link Platform}),
 *       extracted (see {@link Extractor}) to
 *       {@code <jnibuffer.tmpdir, default java.io.tmpdir>/jni-buffer-<version>-<content hash>-uid<uid>/}, or, if
 *       another user holds that name, to a private directory deleted after use.
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
    private static final String LIBRARIES = LibraryDirectory.GLUE_FILE + ", " + LibraryDirectory.DEMO_LIB_FILE
            + " and " + LibraryDirectory.GUARD_FILE;

    /** The glue this class loader loaded; null until then. Guarded by NativeLibrary.class. */
    private static Path loadedGlue;

    private NativeLibrary() {}

    /**
     * Loads the native libraries if this class loader has not done so yet.
     *
     * <p>The library's classes call this from their static initializers, and the JVM never runs a failed static
     * initializer again: after a failure, the first use of the library gets this error and every later use, in
     * this class loader, a {@link NoClassDefFoundError} ("Could not initialize class ...") whose cause repeats
     * this error's message. Every cause it reports (files missing, a noexec directory, an unsupported platform) is
     * fixed outside the JVM, so fix it and start the JVM again.
     *
     * @throws UnsatisfiedLinkError listing what was tried and what to do
     */
    public static synchronized void load() {
        if (loadedGlue != null) {
            return;
        }
        Path glue = find(LibraryDirectory.GLUE_FILE, LibraryDirectory::loadGlue, NativeLibrary::loadFromJar);
        LOGGER.log(Level.DEBUG, () -> "Loaded " + glue);
        loadedGlue = glue;
    }

    /**
     * The file {@link #load()} loaded the glue from. A copy made for a second class loader, or extracted into a
     * private directory because another user held this user's, is deleted once loaded, so this path may no longer
     * exist.
     *
     * @return its absolute path, or null if nothing was loaded yet
     */
    public static synchronized Path loadedGlue() {
        return loadedGlue;
    }

    /**
     * Finds {@code libdemo_lib.so} where {@link #load()} would find the glue, without loading anything: for the
     * Panama counterpart, which calls demo_lib through downcall handles and needs no glue.
     *
     * @return the absolute path of {@code libdemo_lib.so}
     * @throws UnsatisfiedLinkError listing what was tried and what to do, as {@link #load()} does
     */
    public static Path locateDemoLib() {
        return find(LibraryDirectory.DEMO_LIB_FILE, LibraryDirectory::demoLib, NativeLibrary::locateDemoLibInJar);
    }

    /**
     * The search order, for both callers.
     *
     * @param wanted the file whose presence picks a directory of java.library.path
     * @param use loads from a directory, or locates a file in it; throws UnsatisfiedLinkError saying why it cannot
     * @param fromJar the same for the copy bundled in the jar
     * @return what {@code use} or {@code fromJar} returned
     */
    private static Path find(String wanted, Function<Path, Path> use, Supplier<Path> fromJar) {
        String explicit = System.getProperty(LIBRARY_PATH_PROPERTY);
        if (explicit != null) {
            try {
                return use.apply(Path.of(explicit));
            } catch (UnsatisfiedLinkError e) {
                throw failure(List.of(new Attempt("-D" + LIBRARY_PATH_PROPERTY + "=" + explicit, e)),
                        "Nothing else was tried: an explicit directory is never replaced by another copy. Point -D"
                                + LIBRARY_PATH_PROPERTY + " at a directory holding " + LIBRARIES
                                + " (a build from source has them in target/native), or remove it to use the copy "
                                + "bundled in the jar.");
            }
        }
        List<Attempt> attempts = new ArrayList<>();
        String libraryPath = System.getProperty("java.library.path", "");
        String whatLibraryPath = "java.library.path=" + libraryPath;
        Path found = findInLibraryPath(libraryPath, wanted);
        UnsatisfiedLinkError brokenCopy = null;
        if (found == null) {
            attempts.add(new Attempt(whatLibraryPath,
                    new UnsatisfiedLinkError("no " + wanted + " in any of its directories")));
        } else {
            try {
                return use.apply(found);
            } catch (UnsatisfiedLinkError e) {
                brokenCopy = e;
                attempts.add(new Attempt(whatLibraryPath, e));
            }
        }
        try {
            Path result = fromJar.get();
            if (brokenCopy != null && !LibraryDirectory.loadedByAnotherClassLoader(brokenCopy)) {
                LOGGER.log(Level.WARNING, "Loaded the copy of the native libraries bundled in the jar, because the one "
                        + "found through java.library.path failed: " + brokenCopy.getMessage());
            }
            return result;
        } catch (UnsatisfiedLinkError e) {
            attempts.add(new Attempt("the copy bundled in the jar" + (Platform.current().musl()
                    ? " (built against glibc; this JVM runs on musl libc)" : ""), e));
        }
        throw failure(attempts, "Fix a cause given above, or build the libraries for this machine (`mvn "
                + "compile` writes " + LIBRARIES + " to target/native) and set -D" + LIBRARY_PATH_PROPERTY
                + "=<their directory>.");
    }

    /** The first directory of java.library.path holding the file, as System.loadLibrary would pick it; or null. */
    private static Path findInLibraryPath(String libraryPath, String fileName) {
        return Arrays.stream(libraryPath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(Path::of)
                .filter(directory -> Files.isRegularFile(directory.resolve(fileName)))
                .findFirst()
                .orElse(null);
    }

    /** The jar's copy for this platform, extracted, and where. */
    private record Extracted(BundledLibraries bundle, Extraction extraction) {
        Path directory() {
            return extraction.directory();
        }
    }

    private static Extracted extractFromJar() {
        Platform platform = Platform.current();
        if (!platform.isSupported()) {
            throw new UnsatisfiedLinkError("it holds libraries for " + Platform.describeSupported() + " only, and "
                    + "this JVM runs on " + platform.describe() + " (os.name=" + System.getProperty("os.name")
                    + ", os.arch=" + System.getProperty("os.arch") + ")");
        }
        try {
            BundledLibraries bundle = BundledLibraries.read(platform);
            return new Extracted(bundle, Extractor.extract(bundle, extractionRoot()));
        } catch (IOException e) {
            throw linkError("could not extract it: " + e.getMessage(), e);
        }
    }

    private static Path loadFromJar() {
        Extracted extracted = extractFromJar();
        try {
            return LibraryDirectory.loadGlue(extracted.directory());
        } catch (UnsatisfiedLinkError e) {
            if (!LibraryDirectory.loadedByAnotherClassLoader(e)) {
                throw e;
            }
            return loadUniqueCopy(extracted.directory(), extracted.bundle());
        } finally {
            // Loaded (and mapped) or failed: a private directory has served either way, and nothing will reuse it.
            extracted.extraction().deleteIfThrowaway();
        }
    }

    /** The Panama counterpart loads the file itself, later: a private directory must last until the JVM exits. */
    private static Path locateDemoLibInJar() {
        Extraction extraction = extractFromJar().extraction();
        extraction.deleteOnExitIfThrowaway();
        return LibraryDirectory.demoLib(extraction.directory());
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
