package io.github.jnibuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Gets C's fill_buffer pattern into a range of a Java array by the cheaper of two routes, chosen by length.
 *
 * <p>Any JNI function that touches a Java array ({@code GetPrimitiveArrayCritical}, {@code SetByteArrayRegion})
 * makes the thread leave native code and re-enter the VM, which costs more than the native call itself. So small
 * ranges avoid them: C fills a native scratch block lent to this thread ({@link ScratchBlocks}), and Java copies the
 * bytes out ({@link #copyOut}). Large ranges are filled in place while the array is pinned, one chunk at a time
 * ({@link #CRITICAL_LIMIT}), so big arrays are never copied. The limit between the two was measured with
 * {@code CallerOwnedFillBenchmark} (docs/benchmarks.md);
 * {@code -Djnibuffer.arrayCopyLimit=<bytes>} overrides it, which is how that crossover is measured.
 *
 * <p>Why lent blocks: at 16 B, each route's core timed against the raw call (1.00x) on an AMD EPYC, a block lent by
 * {@link ScratchBlocks} costs 1.7x, a block per thread (the earlier design, whose memory grows with the number of
 * threads) 1.6x, C's stack then {@code SetByteArrayRegion} 3.0x (one more VM transition), pinning 3.6x. A shared
 * pool that takes one compare-and-set per call costs 1.9-2.2x here, and atomics cost three times as much on some
 * Intel CPUs. docs/benchmarks.md has the method.
 */
final class ArrayFiller {
    static final int COPY_LIMIT = Integer.getInteger("jnibuffer.arrayCopyLimit", 512);

    /**
     * The most bytes C fills in one critical region. While a thread holds one ({@code GetPrimitiveArrayCritical}),
     * the JVM may not move the array: on JDK 17-21 that blocks every garbage collection (the GC locker), and
     * threads that need memory meanwhile stall, or even fail with OutOfMemoryError (JDK-8192647). So long ranges
     * are filled one region per chunk. A multiple of 256: fill_buffer starts its pattern again at 0 on every call,
     * and each chunk starts a multiple of 256 bytes into the range, where the pattern is at 0 too. The Panama
     * counterpart uses the same limit for its critical downcalls.
     */
    static final int CRITICAL_LIMIT = 128 * 1024;

    private static final ScratchBlocks SCRATCH = new ScratchBlocks(Math.max(COPY_LIMIT, 1));

    /**
     * Up to this many bytes, the copy out of the scratch block goes a word at a time: at 16 B it took 9.5 ns in all
     * against 11.4 ns with the bulk get, whose checks cost more than two words (CallerOwnedFillBenchmark, AMD EPYC);
     * at 32 B the two were level.
     */
    private static final int WORD_COPY_LIMIT = 2 * Long.BYTES;

    /** Eight bytes of a byte[] at any offset, in the order the scratch block is set to. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private ArrayFiller() {}

    /** Fills array[offset, offset + length); the caller has checked the range and that length > 0. */
    static void fill(byte[] array, int offset, int length) {
        ScratchBlocks.Memory scratch = length <= COPY_LIMIT ? SCRATCH.claim() : null;
        if (scratch != null) {
            DemoLibNatives.check("fill_buffer", DemoLibNatives.fill(scratch.address(), length));
            copyOut(scratch.buffer(), array, offset, length); // uses the buffer, so its memory stays reachable
        } else { // large, or this thread's block is lent to another live thread
            for (int done = 0; done < length; ) { // done + size <= length: no overflow near Integer.MAX_VALUE
                int size = Math.min(CRITICAL_LIMIT, length - done);
                DemoLibNatives.check("fill_buffer", DemoLibNatives.fillArray(array, offset + done, size));
                done += size;
            }
        }
    }

    /** Copies {@code from[0, length)} to {@code to[offset, offset + length)}; {@code from} is in native order. */
    private static void copyOut(ByteBuffer from, byte[] to, int offset, int length) {
        if (length > WORD_COPY_LIMIT) {
            from.get(0, to, offset, length); // an intrinsic bulk copy
            return;
        }
        int i = 0;
        for (; i <= length - Long.BYTES; i += Long.BYTES) {
            WORDS.set(to, offset + i, from.getLong(i));
        }
        for (; i < length; i++) {
            to[offset + i] = from.get(i);
        }
    }
}
