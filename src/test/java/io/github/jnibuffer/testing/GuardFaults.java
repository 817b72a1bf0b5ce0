package io.github.jnibuffer.testing;

/**
 * Faults that the shared-buffer guard (jni/shared_guard.c) must survive, injected by test-only natives
 * ({@code src/test/c/guard_faults.c}, in {@code libdemo_jni_testonly.so}); the shipped libraries have no such switch.
 */
public final class GuardFaults {
    static {
        System.loadLibrary(DeliberateNativeBugs.LIBRARY);
    }

    private GuardFaults() {}

    /**
     * Makes every later membarrier() system call of the calling thread fail with EPERM, as a seccomp filter that some
     * other native library installs would: irreversible for that thread, so call it on a thread of its own.
     *
     * @return 0, or the errno of the prctl that failed (seccomp not available here)
     */
    public static native int forbidMembarrierOnThisThread();

    /**
     * Creates thread-specific data keys until the process has none left, as about a thousand redeployed copies of a
     * glue that took one key each would: irreversible, so call it in a child JVM.
     *
     * @return how many keys it created
     */
    public static native int useUpThreadKeys();

    /**
     * How many membarrier() calls the guard runtime has made for retirements in this process, read from the copy the
     * glue loaded (a test-only window on {@code guard_barriers}): shows whether closes share one call per batch.
     *
     * @return the count, or a negative value if no guard runtime is loaded
     */
    public static native long membarrierCalls();
}
