package io.github.jnibuffer;

import io.github.jnibuffer.internal.NativeLibrary;
import java.nio.ByteBuffer;

/**
 * The natives behind the safe API, implemented in {@code jni/demo_lib_natives.c}. Package-private: only
 * {@link Buffer} and {@link DemoLib} call them, and only after checking every argument, because C trusts
 * what it is given. Each one turns a C error into a Java exception before it returns.
 */
final class DemoLibNatives {
    static {
        NativeLibrary.load();
    }

    private DemoLibNatives() {}

    /** allocate_buffer; throws OutOfMemoryError (naming the size) instead of returning NULL. */
    static native long allocate(int size);

    /** fill_buffer over [address, address + size); throws NativeCallException on -1. */
    static native void fill(long address, int size);

    /** free_buffer; throws NativeCallException on -1. */
    static native void free(long address);

    /** Reads the byte at address + index. */
    static native byte get(long address, int index);

    /** Copies length bytes from address + index into dst[dstOffset ...]. */
    static native void copyToArray(long address, int index, byte[] dst, int dstOffset, int length);

    /** fill_buffer over array[offset, offset + length): copies through the stack when small, pins when large. */
    static native void fillArray(byte[] array, int offset, int length);

    /** fill_buffer over a direct buffer's memory at [offset, offset + length), without copying. */
    static native void fillDirect(ByteBuffer buffer, int offset, int length);
}
