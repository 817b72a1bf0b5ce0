package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jnibuffer.testing.GuardFaults;
import io.github.jnibuffer.testing.NativeAllocations;
import java.lang.reflect.Field;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shared closes retire in batches (jni/shared_retirement.h): a close refuses later uses at once, and one membarrier()
 * frees up to 64 blocks. Counted, never timed: membarrier() calls through the guard's own counter, blocks through the
 * counting demo_lib. Without batching the first test fails (one call per close); with a batch that is never flushed,
 * or flushed only by closes, the others do.
 */
class SharedRetirementTest {
    @BeforeEach
    void startWithNothingQueued() {
        assumeTrue(NativeAllocations.isChecked(), "needs demo_lib's count of live blocks");
        assumeFalse(DemoLibNatives.guardUsesFences(), "fence mode retires each block alone, with no membarrier()");
        Buffer.liveCount(); // frees whatever earlier tests left queued
    }

    @Test
    void closesShareOneMembarrierPerBatchAndFreeEveryBlockOnce() throws Exception {
        int closes = 640;
        long javaBefore = Buffer.liveCount();
        long nativeBefore = NativeAllocations.live();
        long callsBefore = GuardFaults.membarrierCalls();
        for (int i = 0; i < closes; i++) {
            Buffer buffer = Buffer.allocateShared(16);
            buffer.fill();
            buffer.close();
            assertRefusedAtOnce(buffer);
        }
        long calls = GuardFaults.membarrierCalls() - callsBefore;
        // One per 64 closes, plus the backstop thread's flush of a partial batch, at most once a second.
        assertTrue(calls >= 1 && calls <= closes / 64 + 5, calls + " membarrier() calls for " + closes + " closes");
        assertAll(() -> assertEquals(javaBefore, Buffer.liveCount()),
                () -> assertEquals(nativeBefore, NativeAllocations.live(), "C freed every block, exactly once"));
    }

    /** The close refused later uses itself, before any flush: even C, asked with the buffer's ticket, refuses. */
    private static void assertRefusedAtOnce(Buffer buffer) throws ReflectiveOperationException {
        assertThrows(IllegalStateException.class, buffer::fill);
        assertEquals(DemoLibNatives.GUARD_CLOSED,
                DemoLibNatives.fillShared(field(buffer, "guard"), field(buffer, "ticket")));
    }

    private static long field(Buffer buffer, String name) throws ReflectiveOperationException {
        Field field = Buffer.class.getDeclaredField(name);
        field.setAccessible(true);
        return field.getLong(buffer);
    }

    /** At most 63 small blocks and under 1 MiB wait; a block of 64 KiB or more never waits. Some do wait. */
    @Test
    void queuedBlocksAreBoundedInCountAndBytes() {
        long nativeBefore = NativeAllocations.live();
        long mostQueued = 0;
        for (int i = 0; i < 200; i++) {
            closeShared(16);
            long queued = NativeAllocations.live() - nativeBefore;
            assertTrue(queued <= 63, queued + " blocks of 16 B queued");
            mostQueued = Math.max(mostQueued, queued);
        }
        assertTrue(mostQueued > 0, "no close was batched");
        Buffer.liveCount();
        for (int i = 0; i < 100; i++) {
            closeShared(32 << 10);
            long queued = NativeAllocations.live() - nativeBefore;
            assertTrue(queued <= 31, queued + " blocks of 32 KiB queued: 1 MiB or more");
        }
        long queuedBefore = NativeAllocations.live() - nativeBefore;
        closeShared(64 << 10);
        assertTrue(NativeAllocations.live() - nativeBefore <= queuedBefore, "a 64 KiB block was queued");
    }

    /** Nothing else closes or counts: the backstop's thread frees the queued block on its own, within seconds. */
    @Test
    @Timeout(30)
    void queuedBlocksAreFreedWithoutFurtherCloses() throws InterruptedException {
        long nativeBefore = NativeAllocations.live();
        closeShared(16);
        long waited = 0;
        while (NativeAllocations.live() != nativeBefore && waited < 10_000) {
            Thread.sleep(10);
            waited += 10;
        }
        assertEquals(nativeBefore, NativeAllocations.live(), "the closed buffer's block is still allocated");
    }

    private static void closeShared(int size) {
        Buffer buffer = Buffer.allocateShared(size);
        buffer.fill();
        buffer.close();
    }
}
