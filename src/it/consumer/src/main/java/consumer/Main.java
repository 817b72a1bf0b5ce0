package consumer;

import io.github.jnibuffer.Buffer;
import io.github.jnibuffer.DemoLib;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * What a user of jni-buffer writes: the safe example, with nothing but the jni-buffer jar as a dependency and no
 * library path. It also prints where the glue was mapped from and whether jni-buffer ran as a named module, so that
 * the invoker's verify.groovy can tell the ways of running it apart.
 */
public final class Main {
    public static void main(String[] args) throws IOException {
        try (Buffer buffer = Buffer.allocate(20)) {
            buffer.fill();
            byte[] first16 = new byte[16];
            buffer.copyTo(0, first16, 0, first16.length);
            System.out.println("Size: " + buffer.size() + " bytes");
            System.out.println("First 16 bytes: " + Arrays.toString(first16));
        }
        byte[] array = new byte[8];
        DemoLib.fill(array);
        System.out.println("Java array filled by C: " + Arrays.toString(array));
        System.out.println("Live buffers: " + Buffer.liveCount());
        System.out.println("jni-buffer module: " + Buffer.class.getModule());
        System.out.println("Glue mapped from: " + mappedGlue());
    }

    /** The file this process mapped libdemo_jni.so from, as the kernel reports it. */
    private static String mappedGlue() throws IOException {
        try (Stream<String> mappings = Files.lines(Path.of("/proc/self/maps"))) {
            return mappings.filter(line -> line.contains("libdemo_jni"))
                    .map(line -> line.substring(line.indexOf('/')))
                    .findFirst()
                    .orElse("nowhere");
        }
    }

    private Main() {}
}
