package io.github.jnibuffer.internal.loading;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where {@link Extractor} put the libraries: this user's shared directory, kept for later runs to reuse, or, when
 * someone else holds that directory's name, a private directory of this process that nothing will ever reuse, and
 * that is therefore deleted as soon as it has served.
 *
 * @param directory the directory holding the libraries
 * @param throwaway whether it is a private directory to delete after use
 */
record Extraction(Path directory, boolean throwaway) {
    private static final Logger LOGGER = System.getLogger(NativeLibrary.class.getName());

    /**
     * Deletes a throwaway directory and everything in it; keeps a shared one. Call it once the glue is loaded: Linux
     * keeps a deleted file alive while it is mapped, so the loaded libraries stay usable. Failures are only logged:
     * the libraries are loaded, and the directory is this user's, rwx------, so what is left harms nobody.
     */
    void deleteIfThrowaway() {
        if (!throwaway) {
            return;
        }
        try {
            for (Path entry : entries()) {
                Files.deleteIfExists(entry); // a link, were there one, is deleted, never followed
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOGGER.log(Level.DEBUG, "Could not delete " + directory, e);
        }
    }

    /**
     * Has a throwaway directory deleted when the JVM exits; keeps a shared one. For a caller that loads a library
     * itself, after this class has returned its path, and so cannot be followed by {@link #deleteIfThrowaway}.
     */
    void deleteOnExitIfThrowaway() {
        if (!throwaway) {
            return;
        }
        // The JVM deletes in the reverse order of registration: the files, then the then-empty directory.
        directory.toFile().deleteOnExit();
        try {
            entries().forEach(entry -> entry.toFile().deleteOnExit());
        } catch (IOException e) {
            LOGGER.log(Level.DEBUG, "Could not list " + directory + " to delete it on exit", e);
        }
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }
}
