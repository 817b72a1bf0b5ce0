package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jnibuffer.testing.AddressSanitizer;
import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.ChildScenarios;
import io.github.jnibuffer.testing.GuardFaults;
import io.github.jnibuffer.testing.NativeAllocations;
import io.github.jnibuffer.testing.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The shared-buffer guard (jni/shared_guard.c) in both of its modes: with membarrier(), where uses execute no fence,
 * and with the fallback for kernels and emulators without it (JNIBUFFER_GUARD=fence), where each use executes one.
 * In each, three threads use shared buffers while another closes them, 200 times: every use sees the right bytes or
 * "buffer closed", and every buffer is freed. The race itself is also run, harder, by StressTest. And a close whose
 * membarrier() fails neither crashes nor frees: the block is left allocated and reported, and the guard goes on
 * with fences.
 */
class SharedGuardTest {
    @Test
    @Timeout(120)
    void closeWaitsForUsesWithMembarrier() throws Exception {
        String output = race(Map.of());
        System.out.println("shared guard, default mode: " + line(output, "guardFences=") + ", "
                + line(output, "operations="));
    }

    @Test
    @Timeout(120)
    void closeWaitsForUsesWithTheFenceFallback() throws Exception {
        String output = race(Map.of("JNIBUFFER_GUARD", "fence"));
        assertTrue(output.contains("guardFences=true"), "the fallback was not used:\n" + output);
    }

    /**
     * fill(), like get() and copyTo(), refuses a closed shared buffer in Java, before C: a call into C with the
     * guard cell of a closed buffer, which may already serve another buffer, would write it into this thread's guard
     * slot. Where each refusal was decided shows in its stack trace, in the innermost frame of Buffer.
     */
    @Test
    void fillRefusesAClosedSharedBufferWhereGetAndCopyToDo() {
        Buffer buffer = Buffer.allocateShared(16);
        buffer.close();
        String get = refusedIn(() -> buffer.get(0));
        assertAll(() -> assertEquals(get, refusedIn(() -> buffer.copyTo(0, new byte[1], 0, 1))),
                () -> assertEquals(get, refusedIn(buffer::fill), "fill() refused the closed buffer elsewhere"));
    }

    /** The innermost method of Buffer in the stack trace of the IllegalStateException that the call throws. */
    private static String refusedIn(Executable call) {
        IllegalStateException refusal = assertThrows(IllegalStateException.class, call);
        return Arrays.stream(refusal.getStackTrace())
                .filter(frame -> frame.getClassName().equals(Buffer.class.getName()))
                .findFirst().map(StackTraceElement::getMethodName).orElse("no frame of Buffer");
    }

    /**
     * membarrier() fails at a close (here a seccomp filter on the closing thread, as another library could install):
     * before, the JVM died of abort(). Now the close returns, leaves that one block allocated (the C count proves it
     * was not freed), warns, and the process switches to fences, under which closes racing uses work again.
     */
    @Test
    @Timeout(120)
    void aCloseWhoseMembarrierFailsLeaksThatBlockWarnsAndLaterClosesWork() throws Exception {
        ChildJvm.Result result = runWhereMembarrierCanFail(MembarrierFailsAtAClose.class);
        String out = result.output();
        assertAll(
                () -> assertTrue(out.contains("closeFailure=null leakedIsClosed=true"), out),
                () -> assertTrue(out.contains("WARNING: A shared Buffer was closed but its memory is left allocated"),
                        out),
                () -> assertTrue(out.contains("fencesAfter=true"), out),
                () -> assertTrue(out.contains("raceFailure=null"), out),
                () -> assertTrue(out.contains("liveCount=0 nativeLive=" + (NativeAllocations.isChecked() ? "1" : "-")),
                        "exactly the one block is left allocated:\n" + out));
    }

    /**
     * The same failure at the flush of a batch of small closed buffers: the whole batch, and only it, is left
     * allocated (at most 64 blocks), it is reported, and closes go on with fences.
     */
    @Test
    @Timeout(120)
    void aBatchWhoseMembarrierFailsIsLeftAllocatedBoundedAndReported() throws Exception {
        ChildJvm.Result result = runWhereMembarrierCanFail(MembarrierFailsAtAFlush.class);
        String out = result.output();
        assertAll(
                () -> assertTrue(out.contains("WARNING: A shared Buffer was closed but its memory is left allocated"),
                        out),
                () -> assertTrue(out.contains("fencesAfter=true"), out),
                () -> assertTrue(out.contains("liveCount=0"), out));
        if (NativeAllocations.isChecked()) {
            long left = Scenario.value(result, "nativeLive");
            assertTrue(left >= 1 && left <= 64, "one batch, at most 64 blocks, is left allocated:\n" + out);
        }
    }

    /**
     * Runs a child that makes membarrier() fail (a seccomp filter on one thread) and requires it to exit cleanly;
     * reported as skipped, not passed, where that cannot happen: riscv64 never uses membarrier(), and qemu-user
     * refuses seccomp filters.
     */
    private static ChildJvm.Result runWhereMembarrierCanFail(Class<?> child) throws Exception {
        ChildJvm.Result result = ChildJvm.requireNoFindings(ChildJvm.runMain(ChildJvm.nativeOptions(), child));
        String out = result.output();
        assertEquals(0, result.exitCode(), result::toString);
        assumeFalse(out.contains("fencesBefore=true"), "membarrier() is not in use here, so it cannot fail");
        assumeTrue(out.contains("forbidden=0"), () -> "no seccomp filter can be installed here:\n" + out);
        return result;
    }

    /** Child JVM entry point for the test above: a thread that cannot call membarrier() closes 200 small buffers. */
    public static final class MembarrierFailsAtAFlush {
        public static void main(String[] args) throws Exception {
            long nativeBefore = NativeAllocations.isChecked() ? NativeAllocations.live() : 0;
            System.out.println("fencesBefore=" + DemoLibNatives.guardUsesFences());
            List<Buffer> buffers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                buffers.add(Buffer.allocateShared(16));
            }
            int[] forbidden = {-1};
            Thread closer = new Thread(() -> {
                forbidden[0] = GuardFaults.forbidMembarrierOnThisThread();
                buffers.forEach(Buffer::close); // the 64th fills the first batch, whose flush fails
                Buffer.liveCount();
            });
            closer.start();
            closer.join();
            System.out.println("forbidden=" + forbidden[0]);
            System.out.println("fencesAfter=" + DemoLibNatives.guardUsesFences());
            long liveCount = Buffer.liveCount();
            System.out.println("liveCount=" + liveCount);
            if (NativeAllocations.isChecked()) {
                System.out.println("nativeLive=" + (NativeAllocations.live() - nativeBefore));
            }
        }
    }

    /**
     * The guard's set-up fails (no thread-specific data key left, as after about a thousand redeployments of a glue
     * that took one key per copy): the glue's JNI_OnLoad turns that into an UnsatisfiedLinkError naming the cause,
     * and the JVM carries on. Before, an ELF constructor called abort().
     */
    @Test
    @Timeout(60)
    void aGuardThatCannotBeSetUpIsAnUnsatisfiedLinkErrorNotACrash() throws Exception {
        // A glue whose JNI_OnLoad fails is unloaded at once, and JDK 17's os::dll_unload reads the library's name after
        // dlclose has freed it (for its event log): a use after free inside the JVM that ASan reports and stops at.
        assumeFalse(AddressSanitizer.isPreloaded(), "the JDK's own unload path trips AddressSanitizer");
        ChildJvm.Result result = ChildJvm.requireNoFindings(
                ChildJvm.runMain(ChildJvm.nativeOptions(), NoThreadKeysLeft.class));
        String out = result.output();
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(out.contains("refused: java.lang.UnsatisfiedLinkError"), out),
                () -> assertTrue(out.contains("used up its thread-specific data keys (PTHREAD_KEYS_MAX)"), out),
                () -> assertTrue(out.contains("still running"), out));
    }

    /** Child JVM entry point for the test above. */
    public static final class NoThreadKeysLeft {
        public static void main(String[] args) {
            System.out.println("keysTaken=" + GuardFaults.useUpThreadKeys());
            try {
                Buffer.allocateShared(8).close();
                System.out.println("loaded, although no key was left");
            } catch (UnsatisfiedLinkError e) {
                System.out.println("refused: " + e);
            }
            System.out.println("still running");
        }
    }

    /** Child JVM entry point for the membarrier test. */
    public static final class MembarrierFailsAtAClose {
        public static void main(String[] args) throws Exception {
            long nativeBefore = NativeAllocations.isChecked() ? NativeAllocations.live() : 0;
            System.out.println("fencesBefore=" + DemoLibNatives.guardUsesFences());
            // 1 MiB: a block that large is retired by its own close, on the closing thread, not with a later batch.
            Buffer leaked = Buffer.allocateShared(1 << 20);
            leaked.fill();
            int[] forbidden = {-1};
            AtomicReference<Throwable> closeFailure = new AtomicReference<>();
            Thread closer = new Thread(() -> {
                forbidden[0] = GuardFaults.forbidMembarrierOnThisThread();
                try {
                    leaked.close();
                } catch (Throwable e) {
                    closeFailure.set(e);
                }
            });
            closer.start();
            closer.join();
            System.out.println("forbidden=" + forbidden[0] + " closeFailure=" + closeFailure.get() + " leakedIsClosed="
                    + leaked.isClosed());
            System.out.println("fencesAfter=" + DemoLibNatives.guardUsesFences());
            System.out.println("raceFailure=" + closesRacingUses(200));
            long liveCount = Buffer.liveCount(); // first: frees any closed blocks still queued for a batch
            long nativeLive = NativeAllocations.isChecked() ? NativeAllocations.live() - nativeBefore : -1;
            System.out.println("liveCount=" + liveCount + " nativeLive=" + (nativeLive < 0 ? "-" : nativeLive));
        }

        /** Two threads read shared buffers while this one closes them: null, or the first wrong result. */
        private static Throwable closesRacingUses(int rounds) throws InterruptedException {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int round = 0; round < rounds && failure.get() == null; round++) {
                Buffer buffer = Buffer.allocateShared(4096);
                buffer.fill();
                List<Thread> users = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    Thread user = new Thread(() -> {
                        try {
                            for (int i = 0; ; i++) {
                                if (buffer.get(i % 4096) != (byte) (i % 4096 % 256)) {
                                    throw new AssertionError("wrong byte at " + i % 4096);
                                }
                            }
                        } catch (IllegalStateException closed) {
                            // the end of the race: the buffer was closed
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    });
                    users.add(user);
                    user.start();
                }
                Thread.sleep(1);
                buffer.close();
                for (Thread user : users) {
                    user.join();
                }
            }
            return failure.get();
        }
    }

    private static String race(Map<String, String> environment) throws Exception {
        List<String> command = ChildJvm.mainCommand(ChildJvm.nativeOptions(), ChildScenarios.class,
                "jni", "shared-close-race", "200");
        ChildJvm.Result result = ChildJvm.requireNoFindings(ChildJvm.capture(new ArrayList<>(command), environment));
        assertAll(
                () -> assertEquals(0, result.exitCode(), result.toString()),
                () -> assertTrue(result.output().contains("failure=null"), result.toString()),
                () -> Scenario.assertLive(0, result));
        return result.output();
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(prefix + "?");
    }
}
