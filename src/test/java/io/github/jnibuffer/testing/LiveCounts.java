package io.github.jnibuffer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Java's count of an implementation's live buffers ({@code liveCount()}) next to C's count of demo_lib's live
 * allocations ({@link NativeAllocations}), taken together so that a leak test checks both: a free that Java counted
 * but C never did shows in the second. The C count covers the whole process, so compare snapshots, not absolutes.
 */
public record LiveCounts(long java, long c) {
    /** Both counts now; {@code c} is -1 where the C count is declared absent. */
    public static LiveCounts of(Implementation implementation) {
        return new LiveCounts(implementation.liveCount(), NativeAllocations.isChecked() ? NativeAllocations.live() : -1);
    }

    /** Asserts that both counts are {@code more} above this snapshot now. */
    public void assertNow(Implementation implementation, long more, String message) {
        assertEquals(java + more, implementation.liveCount(), message + " (liveCount)");
        if (c >= 0) {
            assertEquals(c + more, NativeAllocations.live(), message + " (demo_lib's live allocations, counted in C)");
        }
    }

    /** Asserts that both counts are back where this snapshot has them. */
    public void assertUnchanged(Implementation implementation, String message) {
        assertNow(implementation, 0, message);
    }
}
