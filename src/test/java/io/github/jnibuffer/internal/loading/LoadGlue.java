package io.github.jnibuffer.internal.loading;

import io.github.jnibuffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child JVM entry point for the loading tests: uses the library (which loads the glue), then prints
 * {@code byte19=19} and {@code loaded=<glue file>}. A loading failure escapes: exit code 1, stack trace on stderr.
 *
 * <p>Usage: {@code LoadGlue [start file]}: with a start file, waits for it to exist first, so that several JVMs
 * started by a test load at the same moment.
 */
public final class LoadGlue {
    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0) {
            Path startFile = Path.of(args[0]);
            while (!Files.exists(startFile)) {
                Thread.sleep(1);
            }
        }
        try (Buffer buffer = Buffer.allocate(20)) {
            buffer.fill();
            System.out.println("byte19=" + buffer.get(19));
        }
        System.out.println("loaded=" + NativeLibrary.loadedGlue());
    }

    private LoadGlue() {}
}
