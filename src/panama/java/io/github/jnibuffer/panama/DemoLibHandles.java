package io.github.jnibuffer.panama;

import io.github.jnibuffer.NativeCallException;
import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Downcall handles for demo_lib's three functions: the Panama counterpart of the whole JNI glue in {@code jni/}.
 * No C is written for this side; the {@link FunctionDescriptor}s below are the signatures, checked by nobody
 * against the header, so they must match {@code c_lib/include/demo_lib.h} by hand.
 */
final class DemoLibHandles {
    private static final Linker LINKER = Linker.nativeLinker();

    /**
     * Arena.ofAuto(): the library stays loaded while these handles are reachable and may be unloaded with this
     * class's loader afterwards, which Arena.global() would never allow. No one ever needs to close it.
     */
    private static final SymbolLookup DEMO_LIB = SymbolLookup.libraryLookup(locate(), Arena.ofAuto());

    /** char *allocate_buffer(int size) */
    static final MethodHandle ALLOCATE = downcall("allocate_buffer",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    /** int fill_buffer(char *buffer, int size), for native memory */
    static final MethodHandle FILL = downcall("fill_buffer",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    /**
     * The same fill_buffer, as a critical call that may be given heap memory (a Java array) directly: no copy
     * and no pinning, because the GC cannot run during a critical call. Only for short calls that never call back
     * into Java, which fill_buffer is.
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

    /** Finds libdemo_lib.so in java.library.path, where the build puts it (target/native). */
    private static Path locate() {
        String fileName = System.mapLibraryName("demo_lib");
        List<String> searched = new ArrayList<>();
        for (String entry : System.getProperty("java.library.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                searched.add(entry);
                Path candidate = Path.of(entry, fileName).toAbsolutePath();
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new UnsatisfiedLinkError("Cannot find " + fileName + " in java.library.path (searched: "
                + (searched.isEmpty() ? "no directories" : String.join(", ", searched)) + "). Build it with "
                + "`mvn compile` and start java with -Djava.library.path=target/native");
    }
}
