package io.github.jnibuffer;

import io.github.jnibuffer.internal.NativeBlock;
import java.util.concurrent.atomic.LongAdder;

/**
 * A block from {@code allocate_buffer}, freed through the glue. {@link NativeBlock} does the bookkeeping: freeing at
 * most once, the live count and the leak report.
 */
final class NativeMemory extends NativeBlock {
    /** Memory allocated through the safe JNI API and not yet freed. */
    private static final LongAdder LIVE = new LongAdder();

    final long address;

    /** Allocates; size must already be checked positive. Throws OutOfMemoryError when C returns NULL. */
    NativeMemory(int size) {
        super(size, LIVE);
        this.address = DemoLibNatives.allocate(size); // last: if anything above failed, nothing was allocated
        if (address == 0) {
            throw new OutOfMemoryError("allocate_buffer(" + size + ") returned NULL: cannot allocate " + size
                    + " bytes of native memory");
        }
        countAllocated();
    }

    static long liveCount() {
        return LIVE.sum();
    }

    @Override
    protected void free() {
        DemoLibNatives.check("free_buffer", DemoLibNatives.free(address));
    }
}
