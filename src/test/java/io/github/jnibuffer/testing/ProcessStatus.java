package io.github.jnibuffer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory as the kernel counts it, from /proc/self/status: what the tests of memory growth read. */
public final class ProcessStatus {
    /** Resident set size now, in KiB. */
    public static long residentKiB() throws IOException {
        return kib("VmRSS:");
    }

    /** The highest resident set size so far, in KiB; it never goes down, so each measurement needs a JVM of its own. */
    public static long peakResidentKiB() throws IOException {
        return kib("VmHWM:");
    }

    private static long kib(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/self/status");
    }

    private ProcessStatus() {}
}
