package io.github.jnibuffer.internal.loading;

import static io.github.jnibuffer.internal.loading.Loading.BUILT;
import static io.github.jnibuffer.internal.loading.Loading.DEMO_LIB;
import static io.github.jnibuffer.internal.loading.Loading.GLUE;
import static io.github.jnibuffer.internal.loading.Loading.GUARD;
import static io.github.jnibuffer.internal.loading.Loading.extractionDirectory;
import static io.github.jnibuffer.internal.loading.Loading.withNativeAccess;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two class loaders in one JVM each load the library, as two web applications in one server would. The JDK lets only
 * one class loader load a given library file, so the second needs a copy of the glue under a name of its own.
 */
class ClassLoadersTest {
    private static final Path LIBRARY_CLASSES = Path.of(ChildJvm.classesDirectory());

    @TempDir
    Path root;

    /**
     * Child JVM entry point: loads the library's classes from target/classes in two class loaders of their own (not
     * the application class loader), uses each, and prints {@code loader<n> byte19=19 loaded=<glue file>}.
     */
    public static final class TwoClassLoaders {
        public static void main(String[] args) throws Exception {
            URL[] classes = {Path.of(args[0]).toUri().toURL()};
            // Both stay reachable to the end: a collected class loader would take its library with it.
            try (URLClassLoader first = new URLClassLoader(classes, ClassLoader.getPlatformClassLoader());
                    URLClassLoader second = new URLClassLoader(classes, ClassLoader.getPlatformClassLoader())) {
                useLibraryIn(first, 1);
                useLibraryIn(second, 2);
            }
        }

        private static void useLibraryIn(ClassLoader loader, int n) throws Exception {
            Class<?> buffer = loader.loadClass("io.github.jnibuffer.Buffer");
            try (AutoCloseable instance = (AutoCloseable) buffer.getMethod("allocate", int.class).invoke(null, 20)) {
                buffer.getMethod("fill").invoke(instance);
                Object byte19 = buffer.getMethod("get", int.class).invoke(instance, 19);
                Object loaded = loader.loadClass(NativeLibrary.class.getName()).getMethod("loadedGlue").invoke(null);
                System.out.println("loader" + n + " byte19=" + byte19 + " loaded=" + loaded);
            }
        }
    }

    @Test
    void theSecondClassLoaderLoadsItsOwnCopyOfTheExtractedGlue() throws Exception {
        ChildJvm.Result result = ChildJvm.runMain(
                withNativeAccess("-Djnibuffer.tmpdir=" + root), TwoClassLoaders.class, LIBRARY_CLASSES.toString());
        Path directory = extractionDirectory(root);
        Path second = loadedBy(result, 2);
        assertAll(
                () -> assertEquals(directory.resolve(GLUE), loadedBy(result, 1)),
                () -> assertEquals(directory, second.getParent()),
                () -> assertTrue(second.getFileName().toString().matches("libdemo_jni-\\d+\\.so"), second::toString),
                () -> assertEquals(Set.of(GLUE, DEMO_LIB, GUARD), fileNames(directory), "the private copy is deleted"));
    }

    @Test
    void whenTheFirstTookJavaLibraryPathTheSecondUsesTheJarQuietly() throws Exception {
        ChildJvm.Result result = ChildJvm.runMain(
                withNativeAccess("-Djava.library.path=" + BUILT, "-Djnibuffer.tmpdir=" + root),
                TwoClassLoaders.class, LIBRARY_CLASSES.toString());
        assertAll(
                () -> assertEquals(BUILT.resolve(GLUE), loadedBy(result, 1)),
                () -> assertEquals(extractionDirectory(root).resolve(GLUE), loadedBy(result, 2)),
                () -> assertFalse(result.output().contains("WARNING"), "nothing was broken:\n" + result));
    }

    /** The glue the n-th class loader used, after checking that the child succeeded and the library worked. */
    private static Path loadedBy(ChildJvm.Result result, int n) {
        assertEquals(0, result.exitCode(), result::toString);
        String prefix = "loader" + n + " byte19=19 loaded=";
        String line = result.output().lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "...' in\n" + result));
        return Path.of(line.substring(prefix.length()));
    }

    private static Set<String> fileNames(Path directory) throws Exception {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
