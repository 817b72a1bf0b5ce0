package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.Implementation.TestBuffer;
import io.github.jnibuffer.testing.LiveCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariant: buffers that short-lived threads leave open are freed after the threads end. 20,000 platform threads,
 * four at a time, each allocate four confined buffers, close two and drop two; once they have all ended, the GC
 * backstop must have freed every dropped buffer, by Java's count and by C's.
 *
 * <p>It can fail: a backstop that dropped an ended thread's table while it still held open trackers (so that
 * nothing kept those trackers reachable, and the GC never queued them) leaves the dropped buffers allocated for good.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.jnibuffer.testing.Implementations#all")
class ShortLivedThreadsTest {
    private static final int THREADS = 20_000;
    private static final int AT_A_TIME = 4;
    private static final long WAIT_NANOS = 30_000_000_000L;

    @Parameter
    Implementation implementation;

    @Test
    void buffersLeftOpenByEndedThreadsAreAllFreed() throws Exception {
        LiveCounts start = LiveCounts.of(implementation);
        AtomicInteger failures = new AtomicInteger();
        for (int started = 0; started < THREADS; started += AT_A_TIME) {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < AT_A_TIME; i++) {
                Thread thread = new Thread(() -> {
                    try {
                        for (int b = 0; b < 4; b++) {
                            TestBuffer buffer = implementation.allocate(16);
                            buffer.fill();
                            if (b % 2 == 0) {
                                buffer.close(); // the other half is dropped open
                            }
                        }
                    } catch (RuntimeException | Error e) {
                        failures.incrementAndGet();
                    }
                }, "short-lived-" + (started + i));
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        assertEquals(0, failures.get(), "threads whose buffers threw");
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (implementation.liveCount() != start.java() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        start.assertUnchanged(implementation, "after " + THREADS + " threads each dropped two open buffers and ended");
    }
}
