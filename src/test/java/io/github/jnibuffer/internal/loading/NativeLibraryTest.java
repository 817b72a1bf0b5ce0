package io.github.jnibuffer.internal;

import static io.github.jnibuffer.internal.Loading.BUILT;
import static io.github.jnibuffer.internal.Loading.DEMO_LIB;
import static io.github.jnibuffer.internal.Loading.GLUE;
import static io.github.jnibuffer.internal.Loading.copyBuiltLibraries;
import static io.github.jnibuffer.internal.Loading.extractionDirectory;
import static io.github.jnibuffer.internal.Loading.load;
import static io.github.jnibuffer.internal.Loading.loadedGlue;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    @EnumSource(value = Fault.class, names = {"DEMO_LIB_MISSING", "GLUE_NOT_A_LIBRARY", "DEMO_LIB_NOT_A_LIBRARY"})
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
    @EnumSource(value = Fault.class, names = {"DEMO_LIB_MISSING", "GLUE_NOT_A_LIBRARY", "DEMO_LIB_NOT_A_LIBRARY"})
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

    private static void assertEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            assertEquals(0, entries.count(), () -> directory + " should be empty: nothing was to be extracted");
        }
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
