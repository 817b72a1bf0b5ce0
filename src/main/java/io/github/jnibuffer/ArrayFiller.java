package io.github.jnibuffer;

import java.nio.ByteBuffer;

/**
 * Gets C's fill_buffer pattern into a range of a Java array by the cheaper of two routes, chosen by length.
 *
 * <p>Any JNI function that touches a Java array ({@code GetPrimitiveArrayCritical}, {@code SetByteArrayRegion})
 * makes the thread leave native code and re-enter the VM, which costs about as much as the native call itself.
 * So small ranges avoid them: C fills a per-thread scratch block of native memory (a direct {@link ByteBuffer}
 * whose address is looked up once), and Java copies the bytes out with an intrinsic bulk get. Large ranges are
 * filled in place while the array is pinned, so big arrays are never copied. The limit between the two was
 * measured with {@code CallerOwnedFillBenchmark} (docs/benchmarks.md); {@code -Djnibuffer.arrayCopyLimit=<bytes>}
 * overrides it, which is how that crossover is measured.
 */
final class ArrayFiller {
    static final int COPY_LIMIT = Integer.getInteger("jnibuffer.arrayCopyLimit", 1024);

    /** One scratch block per thread: no locking, and C never sees a block another thread is using. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private ArrayFiller() {}

    /** Fills array[offset, offset + length); the caller has checked the range and that length > 0. */
    static void fill(byte[] array, int offset, int length) {
        if (length <= COPY_LIMIT) {
            Scratch scratch = SCRATCH.get();
            DemoLibNatives.check("fill_buffer", DemoLibNatives.fill(scratch.address, length));
            scratch.buffer.get(0, array, offset, length); // also keeps the buffer, and so its memory, reachable
        } else {
            DemoLibNatives.check("fill_buffer", DemoLibNatives.fillArray(array, offset, length));
        }
    }

    /** Native memory owned by a direct ByteBuffer: freed by the JDK when the buffer (the thread's) is collected. */
    private static final class Scratch {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(COPY_LIMIT, 1));
        final long address = DemoLibNatives.directAddress(buffer);
    }
}
