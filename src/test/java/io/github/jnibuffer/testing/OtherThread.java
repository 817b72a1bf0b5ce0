package io.github.jnibuffer.testing;

import java.util.concurrent.atomic.AtomicReference;

/** Runs code on a fresh, named thread and hands back what it threw, for tests of thread confinement. */
public final class OtherThread {
    public static final String NAME = "other-test-thread";

    /** Like Runnable, but may throw anything. */
    @FunctionalInterface
    public interface Action {
        void run() throws Throwable;
    }

    private OtherThread() {}

    /** @return what the action threw on a thread named {@value #NAME}, or null if it returned normally */
    public static Throwable failureOf(Action action) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                action.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, NAME);
        thread.start();
        thread.join();
        return thrown.get();
    }
}
