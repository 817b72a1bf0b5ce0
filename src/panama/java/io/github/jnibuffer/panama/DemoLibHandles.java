package io.github.jnibuffer.panama;

import io.github.jnibuffer.NativeCallException;
import io.github.jnibuffer.internal.loading.NativeLibrary;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Downcall handles for demo_lib's three functions: the Panama counterpart of the whole JNI glue in {@code jni/}.
 * The library file is found as the JNI loader finds it (explicit directory, java.library.path, else the jar's copy).
 * No C is written for this side; the {@link FunctionDescriptor}s below are the signatures, checked by nobody
 * against the header, so they must match {@code c_lib/include/demo_lib.h} by hand.
 */
final class DemoLibHandles {
    private static final Linker LINKER = Linker.nativeLinker();

    /**
     * Arena.ofAuto(): the library stays loaded while these handles are reachable and may be unloaded with this
     * class's loader afterwards, which Arena.global() would never allow. No one ever needs to close it.
     */
    private static final SymbolLookup DEMO_LIB =
            SymbolLookup.libraryLookup(NativeLibrary.locateDemoLib(), Arena.ofAuto());

    /** char *allocate_buffer(int size) */
    static final MethodHandle ALLOCATE = downcall("allocate_buffer",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    /** int fill_buffer(char *buffer, int size), for native memory */
    static final MethodHandle FILL = downcall("fill_buffer",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    /**
     * The same fill_buffer, as a critical call that may be given heap memory (a Java array) directly: no copy
     * and no pinning, because no safepoint, and so no GC, can happen during a critical call. Only for calls that
     * never block or call back into Java, and that are short: DemoLib limits each to DemoLib.CRITICAL_LIMIT bytes.
     */
    static final MethodHandle FILL_CRITICAL = downcall("fill_buffer",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.critical(true));
    /** int free_buffer(char *buffer) */
    static final MethodHandle FREE = downcall("free_buffer",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

    private DemoLibHandles() {}

    /** Throws {@link NativeCallException} if a demo_lib function returned an error code. */
    static void check(String function, int result) {
        if (result < 0) {
            throw new NativeCallException(function, result);
        }
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = DEMO_LIB.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libdemo_lib.so has no symbol " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }
}
