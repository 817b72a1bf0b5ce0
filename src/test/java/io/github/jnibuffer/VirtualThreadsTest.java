package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jnibuffer.testing.AddressSanitizer;
import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.ProcessStatus;
import io.github.jnibuffer.testing.VirtualThreads;
import io.github.jnibuffer.testing.Scenario;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A million short-lived virtual threads each fill a small array with {@link DemoLib#fill(byte[])}, and the process's
 * native memory stays bounded: the small-array route must not keep native memory per thread. (It once did: a
 * 1 KiB scratch block per thread, held by a ThreadLocal, which grew the peak resident memory by over 1 GiB here.)
 *
 * <p>Each run is a child JVM with a fixed, pre-touched heap, so that heap growth cannot count. The yardstick is the
 * same loop filling the arrays in plain Java, in another child JVM: the native route may add little to its peak.
 * Virtual threads are final in JDK 21; the library is compiled for 17, so the child reaches them by reflection, and
 * on an older JDK the test is reported as skipped. CI runs it on JDK 25. Under AddressSanitizer only correctness is
 * checked: ASan's quarantine keeps the JVM's own freed memory resident on purpose.
 */
class VirtualThreadsTest {
    private static final int THREADS = 1_000_000;
    private static final List<String> HEAP = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");
    /**
     * What the native route may add to the plain-Java run's peak. One 1 KiB block per thread that lived at the
     * same time as a thousand others would already be about 1 MiB; the old route added over 1 GiB.
     */
    private static final long MAX_EXTRA_PEAK_KIB = 64 * 1024;

    @Test
    void aMillionVirtualThreadsFillSmallArraysWithBoundedNativeMemory() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21,
                "virtual threads need JDK 21 or newer; this is JDK " + Runtime.version());
        ChildJvm.Result plainJava = run("java");
        ChildJvm.Result viaC = run("demo_lib");
        long extraPeakKiB = Scenario.value(viaC, "peakRssGrowthKiB") - Scenario.value(plainJava, "peakRssGrowthKiB");
        String report = "plain Java: " + plainJava + "\nDemoLib.fill: " + viaC;
        assertAll(
                () -> assertEquals(0, plainJava.exitCode(), report),
                () -> assertEquals(0, viaC.exitCode(), report),
                () -> assertEquals(THREADS, Scenario.value(viaC, "virtualThreadsFilled"), report),
                () -> assertEquals(THREADS, Scenario.value(plainJava, "virtualThreadsFilled"), report),
                () -> assertTrue(AddressSanitizer.isPreloaded() || extraPeakKiB < MAX_EXTRA_PEAK_KIB,
                        "DemoLib.fill added " + extraPeakKiB / 1024 + " MiB to the peak resident memory of plain Java"
                                + " (at most " + MAX_EXTRA_PEAK_KIB / 1024 + " MiB allowed)\n" + report));
    }

    private static ChildJvm.Result run(String filler) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(ChildJvm.nativeOptions());
        options.addAll(HEAP);
        return ChildJvm.runMain(options, Child.class, filler, Integer.toString(THREADS));
    }

    /** The child JVM: {@code Child java|demo_lib <threads>}; prints key=value lines. */
    public static final class Child {
        private static final int LENGTH = 16;
        /** Threads started but not finished: bounded, so that a million waiting threads cannot fill the heap. */
        private static final int IN_FLIGHT = 10_000;

        public static void main(String[] args) throws Throwable {
            boolean viaC = args[0].equals("demo_lib");
            int threads = Integer.parseInt(args[1]);
            BooleanSupplier fill = () -> {
                byte[] array = new byte[LENGTH];
                if (viaC) {
                    DemoLib.fill(array);
                } else {
                    for (int i = 0; i < LENGTH; i++) {
                        array[i] = (byte) i;
                    }
                }
                return isPattern(array);
            };
            VirtualThreads.runEach(1, 1, fill); // loads the native library, if any, before the baseline is taken
            long before = ProcessStatus.residentKiB();
            long start = System.nanoTime();
            long filled = VirtualThreads.runEach(threads, IN_FLIGHT, fill);
            System.out.println("virtualThreadsFilled=" + filled);
            System.out.println("peakRssGrowthKiB=" + (ProcessStatus.peakResidentKiB() - before));
            System.out.println("millis=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }

        private static boolean isPattern(byte[] array) {
            for (int i = 0; i < array.length; i++) {
                if (array[i] != (byte) i) {
                    return false;
                }
            }
            return true;
        }

    }
}
