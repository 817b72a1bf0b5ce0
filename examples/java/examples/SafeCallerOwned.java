package examples;

import io.github.jnibuffer.DemoLib;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Caller-owned memory through the safe {@link DemoLib} API: Java owns a {@code byte[]} and a direct
 * {@link ByteBuffer}, C fills them, and every bad argument is an exception before C is called.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -Djava.library.path=target/native -cp target/classes
 * examples.SafeCallerOwned}
 */
public final class SafeCallerOwned {
    public static void main(String[] args) {
        byte[] array = new byte[20];
        DemoLib.fill(array);
        System.out.println("byte[20] filled by C: " + Arrays.toString(array));

        byte[] partial = new byte[8];
        DemoLib.fill(partial, 2, 4);
        System.out.println("byte[8], fill(array, 2, 4): " + Arrays.toString(partial));

        ByteBuffer direct = ByteBuffer.allocateDirect(16);
        direct.position(4);
        DemoLib.fill(direct); // writes [position, limit) in place, then position = limit
        System.out.println("direct ByteBuffer(16) from position 4: position now " + direct.position() + ", contents "
                + Arrays.toString(contents(direct)));

        System.out.println();
        System.out.println("Misuse is an exception, not a crash:");
        attempt("fill(new byte[16], 8, 16)", () -> DemoLib.fill(new byte[16], 8, 16));
        attempt("fill((byte[]) null)", () -> DemoLib.fill((byte[]) null));
        attempt("fill(read-only buffer)", () -> DemoLib.fill(ByteBuffer.allocate(4).asReadOnlyBuffer()));
    }

    private static byte[] contents(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.capacity()];
        buffer.duplicate().clear().get(bytes);
        return bytes;
    }

    private static void attempt(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? "" : ": " + e.getMessage();
            System.out.println("  " + what + " -> " + e.getClass().getSimpleName() + message);
        }
    }

    private SafeCallerOwned() {}
}
