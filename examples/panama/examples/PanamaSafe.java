package examples;

import io.github.jnibuffer.panama.Buffer;
import io.github.jnibuffer.panama.DemoLib;
import java.util.Arrays;

/**
 * The safe example again, on the Panama implementation: the same calls, the same output, no JNI glue. Needs
 * JDK 22+.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -Djava.library.path=target/native -cp target/classes
 * examples.PanamaSafe}
 */
public final class PanamaSafe {
    public static void main(String[] args) {
        Buffer closedBuffer;
        try (Buffer buffer = Buffer.allocate(20)) {
            buffer.fill();
            byte[] first16 = new byte[16];
            buffer.copyTo(0, first16, 0, first16.length);
            System.out.println("Filled " + buffer);
            System.out.println("Size: " + buffer.size() + " bytes");
            System.out.println("First 16 bytes: " + Arrays.toString(first16));
            closedBuffer = buffer;
        }
        System.out.println("After try-with-resources: " + closedBuffer);
        System.out.println("Live buffers: " + Buffer.liveCount());

        byte[] array = new byte[20];
        DemoLib.fill(array); // a critical downcall on the array itself: no copy, no pinning
        System.out.println("byte[20] filled by C: " + Arrays.toString(array));

        System.out.println();
        System.out.println("Misuse is an exception, not a crash:");
        try {
            closedBuffer.fill();
        } catch (IllegalStateException e) {
            System.out.println("  fill() after close() -> " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        try (Buffer buffer = Buffer.allocate(20)) {
            buffer.get(20);
        } catch (IndexOutOfBoundsException e) {
            System.out.println("  get(20) on a 20-byte buffer -> " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    private PanamaSafe() {}
}
