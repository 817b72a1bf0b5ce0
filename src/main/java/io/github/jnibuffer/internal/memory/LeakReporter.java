package io.github.jnibuffer.internal.memory;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reports buffers that the GC backstop had to free because their owner never called {@code close()}: a bug in the
 * caller's code, worth a warning, but never worth millions of log lines.
 *
 * <p>The first {@value #INDIVIDUAL_WARNINGS} leaks get a warning each; after that one summary line at each
 * power of ten (100, 1000, ...). {@code -Djnibuffer.leakWarnings=false} silences it completely;
 * {@code -Djnibuffer.leakTracing=true} records a stack trace at every allocation (it costs, so it is off by
 * default) and attaches it to the warning, so the log shows where the leaked buffer came from.
 *
 * <p>Not part of the public API; shared by the JNI and Panama implementations of {@code Buffer}.
 */
public final class LeakReporter {
    static final int INDIVIDUAL_WARNINGS = 10;

    /** The library's reporter, configured from system properties once; logs as {@code io.github.jnibuffer.Buffer}. */
    public static final LeakReporter INSTANCE = new LeakReporter(
            System.getLogger("io.github.jnibuffer.Buffer"),
            Boolean.parseBoolean(System.getProperty("jnibuffer.leakWarnings", "true")),
            Boolean.getBoolean("jnibuffer.leakTracing"));

    private final Logger logger;
    private final boolean warningsEnabled;
    private final boolean tracing;
    private final AtomicLong leaks = new AtomicLong();

    LeakReporter(Logger logger, boolean warningsEnabled, boolean tracing) {
        this.logger = logger;
        this.warningsEnabled = warningsEnabled;
        this.tracing = tracing;
    }

    /** Called at allocation: the stack trace to report if this buffer leaks, or null when tracing is off. */
    public Throwable allocationSite() {
        return tracing ? new Throwable("allocation site of the leaked Buffer") : null;
    }

    /** Called by the backstop after it freed a buffer that was never closed. */
    public void reportLeak(int size, Throwable allocationSite) {
        long count = leaks.incrementAndGet();
        if (!warningsEnabled) {
            return;
        }
        if (count <= INDIVIDUAL_WARNINGS) {
            String message = "A Buffer of " + size + " bytes was never closed; the GC backstop freed it after it became "
                    + "unreachable. Close every Buffer, e.g. with try-with-resources. (Leak " + count + "; the first "
                    + INDIVIDUAL_WARNINGS + " are reported one by one, then a count at 100, 1000, ...)";
            if (allocationSite != null) {
                logger.log(Level.WARNING, message + " It was allocated here:", allocationSite);
            } else {
                logger.log(Level.WARNING, message + " Run with -Djnibuffer.leakTracing=true to see where it was "
                        + "allocated.");
            }
        } else if (isPowerOfTen(count)) {
            logger.log(Level.WARNING, count + " Buffers so far were never closed and were freed by the GC backstop.");
        }
    }

    /** @return how many leaks were reported (counted even when warnings are off) */
    long leakCount() {
        return leaks.get();
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
