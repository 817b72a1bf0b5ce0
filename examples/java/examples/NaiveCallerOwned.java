package examples;

import io.github.jnibuffer.raw.RawDemoLib;
import java.util.Arrays;

/**
 * Caller-owned memory, naively: Java owns a {@code byte[]} and lends it to C's {@code fill_buffer} through the
 * raw binding {@link RawDemoLib#fillBuffer(byte[], int)}, which trusts the size it is given.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -Djava.library.path=target/native -cp target/classes
 * examples.NaiveCallerOwned}. {@code --unsafe=overflow} really writes past the array; expect a crash.
 */
public final class NaiveCallerOwned {
    public static void main(String[] args) {
        boolean unsafe = args.length == 1 && args[0].equals("--unsafe=overflow");
        if (args.length > 0 && !unsafe) {
            System.err.println("Unknown argument " + args[0] + "; expected --unsafe=overflow");
            System.exit(2);
        }

        byte[] buffer = new byte[20];
        int result = RawDemoLib.fillBuffer(buffer, buffer.length);
        if (result >= 0) {
            System.out.println("Buffer successfully filled: " + Arrays.toString(buffer));
        } else {
            System.out.println("Failed to fill buffer");
        }

        System.out.println();
        System.out.println("== What goes wrong");
        int ignored = RawDemoLib.fillBuffer(new byte[0], 0);
        System.out.println("1. An empty array: fill_buffer returned " + ignored
                + " (an error code), and nothing forces the caller to look at it.");

        byte[] small = new byte[8];
        RawDemoLib.fillBuffer(small, 4);
        System.out.println("2. The size is separate from the array: asking for 4 of 8 bytes silently leaves the rest "
                + Arrays.toString(small) + ".");

        System.out.println("3. The glue copies the whole array in and out (GetByteArrayElements) on every call, "
                + "even to write a few bytes, and never checks that the copy succeeded.");

        if (unsafe) {
            System.out.println("!!! WARNING: about to write 1 MiB into a 16-byte array on purpose. "
                    + "The JVM may crash now or later, in the garbage collector.");
            System.out.flush();
            RawDemoLib.fillBuffer(new byte[16], 1 << 20);
            System.out.println("Still alive? The heap is corrupt all the same.");
        } else {
            System.out.println("4. A size larger than the array (fillBuffer(new byte[16], 1 << 20)) makes C write "
                    + "past the array's storage: heap corruption. Run with --unsafe=overflow to see it.");
            System.out.println("5. A null array crashes the JVM inside the glue instead of throwing "
                    + "NullPointerException.");
        }
    }

    private NaiveCallerOwned() {}
}
