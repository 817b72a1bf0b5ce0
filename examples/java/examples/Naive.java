package examples;

import examples.raw.RawDemoLib;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The naive way to use demo_lib from Java: raw JNI bindings, a pointer in a {@code long}, and the caller
 * remembering every rule. It works, then shows one at a time what goes wrong.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -Djava.library.path=target/native -cp target/classes
 * examples.Naive}. By default nothing here crashes the JVM: the demonstrations of undefined behaviour only
 * describe what would happen. {@code --unsafe=<demo>} (double-free, use-after-free, overflow, forged-pointer,
 * race) really does one; expect a crash, silent corruption, or anything at all.
 */
public final class Naive {
    private static final List<String> UNSAFE_DEMOS =
            List.of("double-free", "use-after-free", "overflow", "forged-pointer", "race");

    public static void main(String[] args) throws IOException {
        String unsafe = UnsafeFlag.parse(args, UNSAFE_DEMOS);
        happyPath();
        leakWhenFreeIsForgotten();
        uncheckedErrorReturns();
        pointerOutlivesItsFree(unsafe);
        sizeIsNotTiedToThePointer(unsafe);
        exceptionSkipsTheFree();
        anyLongIsAPointer(unsafe);
        threadsShareThePointerFreely(unsafe);
        if (unsafe == null) {
            System.out.println();
            System.out.println("Undefined behaviour was only described. To really run it (the JVM may crash): "
                    + "--unsafe=" + String.join("|", UNSAFE_DEMOS));
        }
    }

    /** The same steps as the naive Rust example: allocate, fill, free, printing each C result. */
    private static void happyPath() {
        section("0. The happy path: allocate, fill, free");
        int size = 20;
        long buffer = RawDemoLib.allocateBuffer(size);
        if (buffer == 0) {
            throw new IllegalStateException("allocate_buffer returned NULL");
        }
        if (RawDemoLib.fillBuffer(buffer, size) >= 0) {
            System.out.println("Buffer successfully filled");
        } else {
            System.out.println("Invalid arguments provided");
        }
        if (RawDemoLib.freeBuffer(buffer) == 0) {
            System.out.println("Buffer successfully freed");
        } else {
            System.out.println("Failed to free buffer");
        }
        System.out.println("It works, but only because every line above was written correctly. Nothing checked it.");
    }

    private static void leakWhenFreeIsForgotten() throws IOException {
        section("1. Forgetting free_buffer leaks, and the garbage collector cannot help");
        int count = 64;
        int size = 1 << 20;
        long before = residentKiB();
        for (int i = 0; i < count; i++) {
            long buffer = RawDemoLib.allocateBuffer(size);
            RawDemoLib.fillBuffer(buffer, size); // touch every page so it counts as resident
            // no freeBuffer: the address dies with this loop iteration
        }
        System.gc();
        long after = residentKiB();
        System.out.printf("Allocated and dropped %d x 1 MiB without free_buffer; resident memory grew by %d MiB "
                + "and stays grown after System.gc().%n", count, (after - before) / 1024);
        System.out.println("A long is not an object the GC tracks: when the last copy of the address is gone, "
                + "the memory is unreachable for ever.");
    }

    private static void uncheckedErrorReturns() {
        section("2. Error returns that nobody checks");
        int width = 70_000;
        int height = 40_000;
        int size = width * height; // overflows int: a negative size
        long buffer = RawDemoLib.allocateBuffer(size);
        int filled = RawDemoLib.fillBuffer(buffer, size);
        int freed = RawDemoLib.freeBuffer(buffer);
        System.out.printf("size = %d * %d overflowed to %d; allocate_buffer returned %d (NULL), "
                + "fill_buffer returned %d, free_buffer returned %d.%n", width, height, size, buffer, filled, freed);
        System.out.println("The code went on as if a buffer had been filled: C reports errors only through return "
                + "values, and Java lets you ignore them.");
    }

    private static void pointerOutlivesItsFree(String unsafe) {
        section("3. The pointer outlives its free");
        int size = 20;
        long buffer = RawDemoLib.allocateBuffer(size);
        RawDemoLib.fillBuffer(buffer, size);
        RawDemoLib.freeBuffer(buffer);
        System.out.printf("After free_buffer the variable still holds 0x%x. Nothing marks it dead, so every later "
                + "call accepts it.%n", buffer);
        if ("use-after-free".equals(unsafe)) {
            warnUndefinedBehaviour("fill_buffer on freed memory");
            int result = RawDemoLib.fillBuffer(buffer, size);
            System.out.println("fill_buffer on the freed pointer returned " + result
                    + ": it \"worked\" and scribbled over memory malloc may already have handed to someone else.");
        } else if ("double-free".equals(unsafe)) {
            warnUndefinedBehaviour("free_buffer twice on the same pointer");
            int result = RawDemoLib.freeBuffer(buffer);
            System.out.println("The second free_buffer returned " + result + " (if you can read this, glibc did not "
                    + "notice this time; the heap is corrupt all the same).");
        } else {
            System.out.println("Calling fill_buffer on it now would be a use after free, and free_buffer again a "
                    + "double free: undefined behaviour (glibc usually aborts the JVM on a double free).");
        }
    }

    private static void sizeIsNotTiedToThePointer(String unsafe) {
        section("4. The size is not tied to the pointer");
        long buffer = RawDemoLib.allocateBuffer(16);
        if ("overflow".equals(unsafe)) {
            warnUndefinedBehaviour("fill_buffer writing 4096 bytes into a 16-byte buffer");
            int result = RawDemoLib.fillBuffer(buffer, 4096);
            System.out.println("fill_buffer returned " + result + " after writing 4080 bytes past the end of the buffer.");
        } else {
            System.out.println("The buffer holds 16 bytes, but fill_buffer takes whatever size it is given: passing "
                    + "4096 would write 4080 bytes past its end (heap overflow).");
        }
        RawDemoLib.freeBuffer(buffer);
    }

    private static void exceptionSkipsTheFree() {
        section("5. An exception between allocate and free leaks");
        long buffer = RawDemoLib.allocateBuffer(20);
        try {
            RawDemoLib.fillBuffer(buffer, 20);
            Integer.parseInt("twenty"); // any exception will do
            RawDemoLib.freeBuffer(buffer); // never reached
        } catch (NumberFormatException e) {
            System.out.println("An exception (" + e.getClass().getSimpleName() + ") jumped over free_buffer: "
                    + "the buffer leaked. Only try/finally, written by hand at every call site, prevents that.");
        }
    }

    private static void anyLongIsAPointer(String unsafe) {
        section("6. Any long is accepted as a pointer");
        long invented = 0x1000;
        if ("forged-pointer".equals(unsafe)) {
            warnUndefinedBehaviour("fill_buffer on the made-up address 0x1000");
            RawDemoLib.fillBuffer(invented, 16);
            System.out.println("Still alive? Then 0x1000 happened to be mapped and writable; it usually is not.");
        } else {
            System.out.printf("fillBuffer(0x%x, 16) compiles and runs: the glue cannot tell a real address from an "
                    + "invented one, and C writing there is a SIGSEGV that takes the whole JVM down.%n", invented);
        }
    }

    private static void threadsShareThePointerFreely(String unsafe) {
        section("7. Any thread can use, or free, the pointer at any time");
        long buffer = RawDemoLib.allocateBuffer(1 << 20);
        if ("race".equals(unsafe)) {
            warnUndefinedBehaviour("one thread frees the buffer while another is filling it");
            Thread filler = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    RawDemoLib.fillBuffer(buffer, 1 << 20);
                }
            });
            filler.start();
            RawDemoLib.freeBuffer(buffer);
            try {
                filler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println("The filler kept writing into freed memory; whether anything noticed is luck.");
        } else {
            RawDemoLib.freeBuffer(buffer);
            System.out.println("The address is a plain long: another thread may free it while this one is inside "
                    + "fill_buffer, and nothing orders or forbids it.");
        }
    }

    private static void warnUndefinedBehaviour(String what) {
        System.out.println("!!! WARNING: about to run undefined behaviour on purpose: " + what + ".");
        System.out.println("!!! The JVM may crash (see the hs_err_pid*.log it writes), or worse, carry on corrupted.");
        System.out.flush();
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("== " + title);
    }

    /** Resident set size of this process, from Linux's /proc (0 where that does not exist). */
    private static long residentKiB() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        return Files.readAllLines(status).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .map(line -> Arrays.stream(line.split("\\s+")).skip(1).findFirst().orElse("0"))
                .mapToLong(Long::parseLong)
                .findFirst()
                .orElse(0);
    }

    private Naive() {}
}
