package io.github.jnibuffer.testing;

import io.github.jnibuffer.internal.memory.Faults;
import io.github.jnibuffer.testing.Implementation.TestBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Child JVM scenarios for ErrorSafetyTest: an Error thrown at one step of allocate, close or the backstop (by the
 * test-only {@link Faults} hook, or by a logger that throws) must leave every block freed exactly once. Each
 * prints {@code live=} and {@code nativeLive=} after waiting (without allocating) for the backstop: a block freed
 * twice shows as a crash or a negative C count, a block never freed as a C count above 0.
 *
 * <p>Usage: {@code ErrorScenarios <implementation> <scenario> confined|shared|virtual}; virtual runs the scenario
 * with confined buffers on a virtual thread (JDK 21+), whose buffers the backstop keeps in its locked tables.
 */
public final class ErrorScenarios {
    private static final long WAIT_NANOS = 20_000_000_000L;

    public static void main(String[] args) throws Exception {
        Implementation implementation = Implementations.named(args[0]);
        boolean shared = args.length > 2 && args[2].equals("shared");
        boolean virtual = args.length > 2 && args[2].equals("virtual");
        implementation.allocate(8).close(); // loads everything, so that the faults hit the step they name
        if (NativeAllocations.isChecked()) {
            NativeAllocations.live(); // finds C's counter now, before any bug can corrupt the heap
        }
        Callable<Void> scenario = () -> {
            switch (args[1]) {
                case "error-after-register" -> errorAfterRegister(implementation, shared);
                case "error-before-free-then-retry" -> errorInClose(implementation, shared, "BEFORE_FREE", true);
                case "error-before-free-then-drop" -> errorInClose(implementation, shared, "BEFORE_FREE", false);
                case "error-after-free-then-retry" -> errorInClose(implementation, shared, "AFTER_FREE", true);
                case "error-after-free-then-drop" -> errorInClose(implementation, shared, "AFTER_FREE", false);
                case "error-in-reclaim" -> errorInReclaim(implementation, shared);
                case "throwing-logger" -> throwingLogger(implementation, shared);
                default -> throw new IllegalArgumentException("no scenario " + args[1]);
            }
            return null;
        };
        if (virtual) {
            onAVirtualThread(scenario);
        } else {
            scenario.call();
        }
        System.out.println(NativeAllocations.report(awaitLive(implementation)));
    }

    /** The constructor fails after the backstop registered its block (F4). */
    private static void errorAfterRegister(Implementation implementation, boolean shared) {
        Faults.throwOnce("REGISTERED", () -> new StackOverflowError("injected after register"));
        try {
            allocate(implementation, shared);
            System.out.println("allocated");
        } catch (StackOverflowError expected) {
            System.out.println("caught=" + expected.getMessage());
        }
        Faults.clear();
    }

    /** close() fails before or after the native free; then it is called again, or the buffer is dropped (F8). */
    private static void errorInClose(Implementation implementation, boolean shared, String point, boolean retry) {
        TestBuffer buffer = allocate(implementation, shared);
        buffer.fill();
        Faults.throwOnce(point, () -> new StackOverflowError("injected in close"));
        try {
            buffer.close();
            System.out.println("closed");
        } catch (StackOverflowError expected) {
            System.out.println("caught=" + expected.getMessage());
        }
        Faults.clear();
        if (retry) {
            buffer.close();
            System.out.println("retried: closed=" + buffer.isClosed());
        }
    }

    /** The backstop's free of a leaked buffer throws once (F8): the block must still be freed, later. */
    private static void errorInReclaim(Implementation implementation, boolean shared) {
        Faults.throwOnce("BEFORE_RECLAIM_FREE", () -> new StackOverflowError("injected in the backstop"));
        allocate(implementation, shared).fill(); // leaked
    }

    /**
     * Every leak report throws, as a replaced System.Logger might (F8). Two buffers leak one after the other, with no
     * allocation after the second: only the backstop's thread can free it, so it must have survived the first.
     */
    private static void throwingLogger(Implementation implementation, boolean shared) throws InterruptedException {
        Logger.getLogger("").addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                throw new Error("a logger that throws");
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        allocate(implementation, shared).fill(); // leaked
        System.out.println("firstLeakLive=" + awaitLive(implementation));
        allocate(implementation, shared).fill(); // leaked; nothing allocates after it
    }

    /** Runs {@code body} on a new virtual thread and waits for it (JDK 21 API, by reflection: built for 17). */
    private static void onAVirtualThread(Callable<Void> body) throws Exception {
        ExecutorService executor =
                (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        try {
            executor.submit(body).get();
        } finally {
            executor.shutdown();
        }
    }

    private static TestBuffer allocate(Implementation implementation, boolean shared) {
        return shared ? implementation.allocateShared(64) : implementation.allocate(64);
    }

    /** GCs until both counts are 0 or 20 s have passed; never allocates a buffer. */
    private static long awaitLive(Implementation implementation) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while ((implementation.liveCount() != 0 || (NativeAllocations.isChecked() && NativeAllocations.live() != 0))
                && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        return implementation.liveCount();
    }

    private ErrorScenarios() {}
}
