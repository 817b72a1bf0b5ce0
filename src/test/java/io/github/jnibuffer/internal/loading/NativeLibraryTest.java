package io.github.jnibuffer.internal.loading;

import static io.github.jnibuffer.internal.loading.Loading.BUILT;
import static io.github.jnibuffer.internal.loading.Loading.DEMO_LIB;
import static io.github.jnibuffer.internal.loading.Loading.GLUE;
import static io.github.jnibuffer.internal.loading.Loading.GUARD;
import static io.github.jnibuffer.internal.loading.Loading.copyBuiltLibraries;
import static io.github.jnibuffer.internal.loading.Loading.extractionDirectory;
import static io.github.jnibuffer.internal.loading.Loading.load;
import static io.github.jnibuffer.internal.loading.Loading.loadedGlue;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.Buffer;
import io.github.jnibuffer.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where the glue is loaded from, in order: -Djnibuffer.library.path (and nothing else), java.library.path, the copy
 * bundled in the jar; and what each loading fault says. Each case runs in a child JVM: a JVM loads the glue once.
 */
class NativeLibraryTest {
    @TempDir
    Path temp;

    /** A directory as a user might hand it over, with one thing wrong; each fault names the words that explain it. */
    enum Fault {
        GLUE_MISSING("no " + GLUE + " in "),
        DEMO_LIB_MISSING("holds " + GLUE + " but not " + DEMO_LIB + ", which the glue needs beside it"),
        GUARD_MISSING("holds " + GLUE + " but not " + GUARD + ", which the glue needs beside it"),
        GLUE_NOT_A_LIBRARY(GLUE + " is not a shared library for this platform"),
        DEMO_LIB_NOT_A_LIBRARY(DEMO_LIB + " is not a shared library for this platform");

        final String explanation;

        Fault(String explanation) {
            this.explanation = explanation;
        }

        Path createIn(Path directory) throws IOException {
            copyBuiltLibraries(directory);
            switch (this) {
                case GLUE_MISSING -> Files.delete(directory.resolve(GLUE));
                case DEMO_LIB_MISSING -> Files.delete(directory.resolve(DEMO_LIB));
                case GUARD_MISSING -> Files.delete(directory.resolve(GUARD));
                case GLUE_NOT_A_LIBRARY -> Files.writeString(directory.resolve(GLUE), "not an ELF file, just text\n");
                case DEMO_LIB_NOT_A_LIBRARY -> Files.writeString(directory.resolve(DEMO_LIB), "truncated\n");
            }
            return directory;
        }
    }

    @Test
    void javaLibraryPathIsUsedWhenItHoldsTheGlue() throws Exception {
        Path extractionRoot = Files.createDirectory(temp.resolve("extraction"));
        Path loaded = loadedGlue(load("-Djava.library.path=" + BUILT, "-Djnibuffer.tmpdir=" + extractionRoot));
        assertEquals(BUILT.resolve(GLUE), loaded);
        assertEmpty(extractionRoot);
    }

    @Test
    void explicitDirectoryComesBeforeJavaLibraryPath() throws Exception {
        Path mine = copyBuiltLibraries(temp.resolve("mine"));
        Path loaded = loadedGlue(load("-Djnibuffer.library.path=" + mine, "-Djava.library.path=" + BUILT));
        assertEquals(mine.resolve(GLUE), loaded);
    }

    @Test
    void withoutEitherTheBundledCopyIsExtractedAndLoaded() throws Exception {
        Path loaded = loadedGlue(load("-Djnibuffer.tmpdir=" + temp));
        assertEquals(extractionDirectory(temp).resolve(GLUE), loaded);
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aFaultInTheExplicitDirectoryIsReportedAndNothingElseIsTried(Fault fault) throws Exception {
        Path directory = fault.createIn(temp.resolve("given"));
        Path extractionRoot = Files.createDirectory(temp.resolve("extraction"));
        // Both fallbacks would work: java.library.path holds good libraries, and so does the jar.
        ChildJvm.Result result = load("-Djnibuffer.library.path=" + directory, "-Djava.library.path=" + BUILT,
                "-Djnibuffer.tmpdir=" + extractionRoot);
        String out = result.output();
        assertAll(
                () -> assertEquals(1, result.exitCode(), result::toString),
                () -> assertTrue(out.contains("UnsatisfiedLinkError: Could not load the jni-buffer native libraries"),
                        out),
                () -> assertTrue(out.contains("1. -Djnibuffer.library.path=" + directory + ": "), out),
                () -> assertTrue(out.contains(fault.explanation), out),
                () -> assertTrue(out.contains("Nothing else was tried"), out),
                () -> assertFalse(out.contains("2. "), "a second attempt was made:\n" + out),
                () -> assertTrue(out.contains("Suppressed: java.lang.UnsatisfiedLinkError"), out),
                () -> assertFalse(out.contains("loaded="), out));
        assertEmpty(extractionRoot);
    }

    @Test
    void anExplicitDirectoryThatDoesNotExistIsReported() throws Exception {
        Path missing = temp.resolve("no-such-directory");
        ChildJvm.Result result = load("-Djnibuffer.library.path=" + missing, "-Djava.library.path=" + BUILT);
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.output().contains(missing + " is not a directory"), result::toString);
    }

    /** A broken copy on java.library.path is not what the user chose explicitly: the jar's copy wins, with a warning. */
    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"DEMO_LIB_MISSING", "GUARD_MISSING", "GLUE_NOT_A_LIBRARY", "DEMO_LIB_NOT_A_LIBRARY"})
    void aBrokenCopyOnJavaLibraryPathGivesWayToTheJarWithAWarning(Fault fault) throws Exception {
        Path directory = fault.createIn(temp.resolve("on-library-path"));
        Path extractionRoot = Files.createDirectory(temp.resolve("extraction"));
        ChildJvm.Result result = load("-Djava.library.path=" + directory, "-Djnibuffer.tmpdir=" + extractionRoot);
        assertEquals(extractionDirectory(extractionRoot).resolve(GLUE), loadedGlue(result));
        String out = result.output();
        assertAll(
                () -> assertTrue(out.contains("WARNING: Loaded the copy of the native libraries bundled in the jar"),
                        out),
                () -> assertTrue(out.contains(directory.toString()), out),
                () -> assertTrue(out.contains(fault.explanation), out));
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"DEMO_LIB_MISSING", "GUARD_MISSING", "GLUE_NOT_A_LIBRARY", "DEMO_LIB_NOT_A_LIBRARY"})
    void whenTheJarCannotHelpEitherBothAttemptsAreReported(Fault fault) throws Exception {
        Path directory = fault.createIn(temp.resolve("on-library-path"));
        Path notADirectory = Files.writeString(temp.resolve("a-file"), "extraction cannot go here");
        ChildJvm.Result result = load("-Djava.library.path=" + directory, "-Djnibuffer.tmpdir=" + notADirectory);
        String out = result.output();
        assertAll(
                () -> assertEquals(1, result.exitCode(), result::toString),
                () -> assertTrue(out.contains("1. java.library.path=" + directory + ": "), out),
                () -> assertTrue(out.contains(fault.explanation), out),
                () -> assertTrue(out.contains("2. the copy bundled in the jar: could not extract it"), out),
                () -> assertTrue(out.contains(notADirectory.toString()), out),
                () -> assertTrue(out.contains("-Djnibuffer.library.path=<their directory>"), out),
                () -> assertEquals(2, count(out, "Suppressed: "), out));
    }

    /**
     * Child JVM entry point: uses the library twice, after loading failed, and prints what each use threw, with its
     * causes, on one line each: {@code use<n>: <exception> | cause: <exception> | ...}.
     */
    public static final class UseTwice {
        public static void main(String[] args) {
            for (int use = 1; use <= 2; use++) {
                StringBuilder line = new StringBuilder("use" + use + ": ");
                try (Buffer buffer = Buffer.allocate(1)) {
                    line.append("no error, size ").append(buffer.size());
                } catch (Throwable thrown) {
                    for (Throwable t = thrown; t != null; t = t.getCause()) {
                        line.append(t == thrown ? "" : " | cause: ").append(t.toString().replace('\n', ' '));
                    }
                }
                System.out.println(line);
            }
        }
    }

    /**
     * The library's classes load it in a static initializer, which the JVM never runs again after it failed: a second
     * use cannot try again. What it gets instead must still say what went wrong.
     */
    @Test
    void afterAFailedLoadALaterUseGetsNoClassDefFoundErrorThatRepeatsTheCause() throws Exception {
        Path missing = temp.resolve("no-such-directory");
        ChildJvm.Result result = ChildJvm.runMain(Loading.withNativeAccess("-Djnibuffer.library.path=" + missing),
                UseTwice.class);
        String first = line(result, "use1: ");
        String second = line(result, "use2: ");
        String cause = missing + " is not a directory";
        assertAll(
                () -> assertTrue(first.startsWith("use1: java.lang.UnsatisfiedLinkError: Could not load the jni-buffer "
                        + "native libraries"), first),
                () -> assertTrue(first.contains(cause), first),
                () -> assertTrue(second.startsWith("use2: java.lang.NoClassDefFoundError: Could not initialize class "
                        + "io.github.jnibuffer.DemoLibNatives"), second),
                () -> assertTrue(second.contains("| cause: ") && second.contains(cause),
                        "the second error does not carry the first one's message: " + second));
    }

    /** Child JVM entry point: prints {@code demoLib=<path>} as found for the Panama counterpart. */
    public static final class LocateDemoLib {
        public static void main(String[] args) {
            System.out.println("demoLib=" + NativeLibrary.locateDemoLib());
        }
    }

    /** The Panama side finds libdemo_lib.so through the same search order as the glue (one implementation). */
    @Test
    void demoLibIsLocatedInTheSameOrderAsTheGlueIsLoaded() throws Exception {
        Path mine = copyBuiltLibraries(temp.resolve("mine"));
        Path extractionRoot = Files.createDirectory(temp.resolve("extraction"));
        assertAll(
                () -> assertEquals(mine.resolve(DEMO_LIB), locatedDemoLib(
                        "-Djnibuffer.library.path=" + mine, "-Djava.library.path=" + BUILT)),
                () -> assertEquals(BUILT.resolve(DEMO_LIB), locatedDemoLib(
                        "-Djava.library.path=" + BUILT, "-Djnibuffer.tmpdir=" + extractionRoot)),
                () -> assertEquals(extractionDirectory(extractionRoot).resolve(DEMO_LIB), locatedDemoLib(
                        "-Djnibuffer.tmpdir=" + extractionRoot)));
        ChildJvm.Result missing = ChildJvm.runMain(Loading.withNativeAccess(
                "-Djnibuffer.library.path=" + temp.resolve("nothing-here")), LocateDemoLib.class);
        assertAll(
                () -> assertEquals(1, missing.exitCode(), missing::toString),
                () -> assertTrue(missing.output().contains("1. -Djnibuffer.library.path=" + temp.resolve("nothing-here")
                        + ": " + temp.resolve("nothing-here") + " is not a directory"), missing::toString),
                () -> assertTrue(missing.output().contains("Nothing else was tried"), missing::toString));
    }

    private static Path locatedDemoLib(String... jvmOptions) throws Exception {
        ChildJvm.Result result = ChildJvm.runMain(Loading.withNativeAccess(jvmOptions), LocateDemoLib.class);
        assertEquals(0, result.exitCode(), result::toString);
        return Path.of(line(result, "demoLib=").substring("demoLib=".length()));
    }

    private static String line(ChildJvm.Result result, String prefix) {
        return result.output().lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "...' in\n" + result));
    }

    private static void assertEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            assertEquals(0, entries.count(), () -> directory + " should be empty: nothing was to be extracted");
        }
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
