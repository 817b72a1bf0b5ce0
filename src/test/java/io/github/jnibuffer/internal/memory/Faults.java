package io.github.jnibuffer.internal.memory;

import java.util.function.Supplier;

/**
 * Test-only fault injection into the backstop: throws an Error once at one of its named points
 * ({@link Backstop.FaultPoint}), as a StackOverflowError or OutOfMemoryError would at that moment. Public so that
 * child JVMs started from other packages can arm it.
 */
public final class Faults {
    private Faults() {}

    /**
     * Throws {@code error.get()} the next time the library reaches {@code point} (e.g. "REGISTERED",
     * "BEFORE_FREE", "AFTER_FREE", "BEFORE_RECLAIM_FREE"), on any thread; then never again.
     */
    public static void throwOnce(String point, Supplier<? extends Error> error) {
        Backstop.FaultPoint armed = Backstop.FaultPoint.valueOf(point);
        Backstop.faults = new Backstop.FaultInjector() {
            private boolean fired;

            @Override
            public synchronized void at(Backstop.FaultPoint reached) {
                if (reached == armed && !fired) {
                    fired = true;
                    throw error.get();
                }
            }
        };
    }

    /** Disarms every point. */
    public static void clear() {
        Backstop.faults = null;
    }

    /** The thread that frees leaked blocks, or null if none runs now. */
    public static Thread backstopThread() {
        return Backstop.drainerThread();
    }
}
