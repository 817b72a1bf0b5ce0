package examples;

import examples.raw.RawDemoLib;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Caller-owned memory, naively: Java owns a {@code byte[]} and lends it to C's {@code fill_buffer} through the
 * raw binding {@link RawDemoLib#fillBuffer(byte[], int)}, which trusts the size it is given.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -Djava.library.path=target/native -cp target/classes
 * examples.NaiveCallerOwned}. By default nothing here crashes the JVM. {@code --unsafe=<demo>} (overflow,
 * null-array, copy-fails) really does the undefined behaviour; expect a crash. copy-fails only fails when the
 * JVM runs short of native memory; docs/05-the-naive-version.md shows a command line that makes it so.
 */
public final class NaiveCallerOwned {
    private static final List<String> UNSAFE_DEMOS = List.of("overflow", "null-array", "copy-fails");

    public static void main(String[] args) {
        String unsafe = UnsafeFlag.parse(args, UNSAFE_DEMOS);

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

        wholeArrayIsCopied(unsafe);
        copyIsNotChecked(unsafe);
        sizeLargerThanTheArray(unsafe);
        nullArray(unsafe);

        if (unsafe == null) {
            System.out.println();
            System.out.println("Undefined behaviour was only described. To really run it (the JVM may crash): "
                    + "--unsafe=" + String.join("|", UNSAFE_DEMOS));
        }
    }

    /** GetByteArrayElements copies the whole array out, and ReleaseByteArrayElements back, however little C writes. */
    private static void wholeArrayIsCopied(String unsafe) {
        if ("copy-fails".equals(unsafe)) {
            System.out.println("3. (Not measured with --unsafe=copy-fails: short of native memory, this copy could be "
                    + "the one that fails.)");
            return;
        }
        byte[] large = new byte[64 << 20];
        byte[] small = new byte[64];
        double largeMillis = fastestMillis(() -> RawDemoLib.fillBuffer(large, 4));
        double smallMillis = fastestMillis(() -> RawDemoLib.fillBuffer(small, 4));
        System.out.printf("3. The glue copies the whole array out and back (GetByteArrayElements, then "
                + "ReleaseByteArrayElements) on every call: writing the same 4 bytes took %.1f ms into a 64 MiB array "
                + "and %.2f µs into a 64-byte one.%n", largeMillis, smallMillis * 1000);
    }

    private static void copyIsNotChecked(String unsafe) {
        if ("copy-fails".equals(unsafe)) {
            System.out.println("!!! WARNING: about to make the glue copy a 1 GiB array; if that copy cannot be "
                    + "allocated, the glue carries on with NULL and the JVM crashes.");
            System.out.flush();
            int result = RawDemoLib.fillBuffer(new byte[1 << 30], 4);
            System.out.println("fill_buffer returned " + result + ": the copy was allocated this time. Run with less "
                    + "native memory (ulimit -v) to see it fail.");
        } else {
            System.out.println("4. The glue never checks that the copy succeeded: when GetByteArrayElements cannot "
                    + "allocate it, it returns NULL (HotSpot throws nothing), and the glue passes NULL on to C "
                    + "and to ReleaseByteArrayElements, which copies from it: a crash instead of an exception.");
        }
    }

    private static void sizeLargerThanTheArray(String unsafe) {
        if ("overflow".equals(unsafe)) {
            System.out.println("!!! WARNING: about to write 1 MiB into a 16-byte array on purpose. "
                    + "The JVM may crash now or later, in the garbage collector.");
            System.out.flush();
            RawDemoLib.fillBuffer(new byte[16], 1 << 20);
            System.out.println("Still alive? The heap is corrupt all the same.");
        } else {
            System.out.println("5. A size larger than the array (fillBuffer(new byte[16], 1 << 20)) makes C write "
                    + "past the array's storage: heap corruption.");
        }
    }

    private static void nullArray(String unsafe) {
        if ("null-array".equals(unsafe)) {
            System.out.println("!!! WARNING: about to pass a null array to the glue on purpose. The JVM will crash.");
            System.out.flush();
            RawDemoLib.fillBuffer((byte[]) null, 4);
            System.out.println("Still alive? That was luck.");
        } else {
            System.out.println("6. A null array crashes the JVM inside the glue instead of throwing "
                    + "NullPointerException.");
        }
    }

    /** The fastest of a few runs, in milliseconds: the first calls also pay for linking and warming up. */
    private static double fastestMillis(IntSupplier call) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            call.getAsInt();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best / 1e6;
    }

    private NaiveCallerOwned() {}
}
