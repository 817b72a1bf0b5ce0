package io.github.jnibuffer.internal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** The leak warnings: a few one by one, then a count at powers of ten, never one line per leak. */
class LeakReporterTest {
    private final RecordingLogger logger = new RecordingLogger();

    @Test
    void reportsTheFirstTenIndividuallyThenAtPowersOfTen() {
        LeakReporter reporter = new LeakReporter(logger, true, false);
        for (int i = 0; i < 100_000; i++) {
            reporter.reportLeak(64, null);
        }
        assertEquals(100_000, reporter.leakCount());
        assertEquals(10 + 4, logger.messages.size(), logger.messages::toString); // 10 + at 100, 1e3, 1e4, 1e5
        assertTrue(logger.messages.get(0).contains("A Buffer of 64 bytes was never closed"), logger.messages.get(0));
        assertTrue(logger.messages.get(0).contains("-Djnibuffer.leakTracing=true"), logger.messages.get(0));
        assertEquals("100 Buffers so far were never closed and were freed by the GC backstop.", logger.messages.get(10));
        assertEquals("100000 Buffers so far were never closed and were freed by the GC backstop.",
                logger.messages.get(13));
        assertTrue(logger.levels.stream().allMatch(level -> level == Logger.Level.WARNING), logger.levels::toString);
    }

    @Test
    void attachesTheAllocationSiteWhenTracing() {
        LeakReporter reporter = new LeakReporter(logger, true, true);
        Throwable site = reporter.allocationSite();
        assertNotNull(site);
        assertEquals(LeakReporterTest.class.getName(), site.getStackTrace()[1].getClassName());
        reporter.reportLeak(8, site);
        assertSame(site, logger.thrown.get(0));
        assertTrue(logger.messages.get(0).contains("allocated here"), logger.messages.get(0));
    }

    @Test
    void recordsNoAllocationSiteUnlessTracing() {
        assertNull(new LeakReporter(logger, true, false).allocationSite());
    }

    @Test
    void logsNothingWhenDisabledButStillCounts() {
        LeakReporter reporter = new LeakReporter(logger, false, false);
        for (int i = 0; i < 1000; i++) {
            reporter.reportLeak(8, null);
        }
        assertEquals(List.of(), logger.messages);
        assertEquals(1000, reporter.leakCount());
    }

    /** Keeps what was logged, in order. */
    private static final class RecordingLogger implements Logger {
        final List<String> messages = new ArrayList<>();
        final List<Level> levels = new ArrayList<>();
        final List<Throwable> thrown = new ArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable throwable) {
            levels.add(level);
            messages.add(message);
            thrown.add(throwable);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... parameters) {
            log(level, bundle, format, (Throwable) null);
        }
    }
}
