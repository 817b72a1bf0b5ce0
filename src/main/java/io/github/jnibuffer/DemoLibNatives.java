package io.github.jnibuffer;

import io.github.jnibuffer.internal.loading.NativeLibrary;
import java.nio.ByteBuffer;

/**
 * The natives behind the safe API, implemented in {@code jni/demo_lib_natives.c}. Package-private: only
 * {@link Buffer} and {@link DemoLib} call them, and only after checking every argument, because C trusts
 * what it is given.
 *
 * <p>Each native returns what the demo_lib function returned, and the Java caller turns an error code into an
 * exception with {@link #check}. The glue throws only for what only it can see: a JNI function
 * that failed. Checking in Java keeps each forwarding native a single tail call in C: checking the result in C
 * would give the wrapper a stack frame, measurably slower (see docs/benchmarks.md).
 */
final class DemoLibNatives {
    static {
        NativeLibrary.load();
    }

    private DemoLibNatives() {}

    /**
     * Throws {@link NativeCallException} if a demo_lib function returned an error code (any negative value).
     * It lives here, not in the exception class: HotSpot's C2 does not inline methods of Throwable subclasses,
     * and this check sits on every call's hot path.
     */
    static void check(String function, int result) {
        if (result < 0) {
            throw new NativeCallException(function, result);
        }
    }

    /** allocate_buffer: the address, or 0 for NULL. */
    static native long allocate(int size);

    /** fill_buffer over [address, address + size): size, or -1. */
    static native int fill(long address, int size);

    /** free_buffer: 0, or -1. */
    static native int free(long address);

    /** Reads the byte at address + index. */
    static native byte get(long address, int index);

    /** Copies length bytes from address + index into dst[dstOffset ...]. */
    static native void copyToArray(long address, int index, byte[] dst, int dstOffset, int length);

    /**
     * fill_buffer over array[offset, offset + length), in place while the array is pinned.
     * Returns fill_buffer's result; throws OutOfMemoryError if the JVM cannot give C access to the array.
     */
    static native int fillArray(byte[] array, int offset, int length);

    /**
     * fill_buffer over a direct buffer's memory at [offset, offset + length), without copying. Returns
     * fill_buffer's result; throws IllegalArgumentException if JNI has no address for the buffer.
     */
    static native int fillDirect(ByteBuffer buffer, int offset, int length);

    /** The address of a direct buffer's memory; throws IllegalArgumentException if JNI has none. */
    static native long directAddress(ByteBuffer buffer);

    // Shared buffers (jni/shared_buffer_natives.c): each use runs inside the guard of jni/shared_guard.h, so that a
    // close() on another thread waits for it. javac -h copies these two constants into the C header.

    /** Returned instead of a result when the buffer was closed: the memory was not touched. */
    static final int GUARD_CLOSED = Integer.MIN_VALUE;
    /** Returned when the calling thread's guard slot could not be allocated: the memory was not touched. */
    static final int GUARD_NO_MEMORY = Integer.MIN_VALUE + 1;
    /**
     * Returned by freeShared when membarrier() failed: C could not tell whether another thread was still using the
     * memory, so it left the block (and its guard cell) allocated for good, and switched to fences for later closes.
     */
    static final int GUARD_LEAKED = Integer.MIN_VALUE + 2;

    /**
     * A guard cell for the buffer at address, stamped with a new ticket; 0 if C ran out of memory. C draws the ticket
     * from one counter per process, so that tickets stay unique across the class loaders that share the guard.
     */
    static native long openGuard(long address, int size);

    /** The ticket of a guard cell just opened (never 0): every use must show it. */
    static native long guardTicket(long guard);

    /** fill_buffer over the guarded buffer: its result, or a GUARD_* code. */
    static native int fillShared(long guard, long ticket);

    /** The byte at index as 0..255, or a GUARD_* code. */
    static native int getShared(long guard, long ticket, int index);

    /** Copies length bytes from index into dst[dstOffset ...]: 0, or a GUARD_* code. */
    static native int copySharedToArray(long guard, long ticket, int index, byte[] dst, int dstOffset, int length);

    /**
     * Refuses later uses at once, then frees the block now or with a batch of others (jni/shared_retirement.h): 0; or
     * GUARD_LEAKED if membarrier() failed at the flush this close made, which left its batch allocated.
     */
    static native int freeShared(long guard);

    /** Frees the blocks of shared buffers closed so far and still queued: the number it had to leave allocated. */
    static native int flushShared();

    /** True if each shared use executes a fence because the kernel has no membarrier() (or JNIBUFFER_GUARD=fence). */
    static native boolean guardUsesFences();
}
