package narconsumer;

import io.github.jnibuffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Uses jni-buffer with the native libraries taken from its NAR, and prints where the glue was mapped from. */
public final class Main {
    public static void main(String[] args) throws IOException {
        try (Buffer buffer = Buffer.allocate(20)) {
            buffer.fill();
            System.out.println("Filled " + buffer.size() + " bytes, the last one " + buffer.get(19));
        }
        try (Stream<String> mappings = Files.lines(Path.of("/proc/self/maps"))) {
            mappings.filter(line -> line.contains("libdemo_jni")).findFirst()
                    .ifPresent(line -> System.out.println("Glue mapped from: " + line.substring(line.indexOf('/'))));
        }
    }

    private Main() {}
}
