package benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Plain downcall handles on libdemo_lib.so, as a user would write them without any wrapper: the Panama rows that
 * are not the safe counterpart. FILL_CRITICAL may be given heap segments; FILL may not.
 */
final class PanamaDowncalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIB = SymbolLookup.libraryLookup(NativeLibraryFile.DEMO_LIB, Arena.global());

    static final MethodHandle ALLOCATE = LINKER.downcallHandle(LIB.find("allocate_buffer").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    static final MethodHandle FILL = LINKER.downcallHandle(LIB.find("fill_buffer").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    static final MethodHandle FILL_CRITICAL = LINKER.downcallHandle(LIB.find("fill_buffer").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.critical(true));
    static final MethodHandle FREE = LINKER.downcallHandle(LIB.find("free_buffer").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

    private PanamaDowncalls() {}
}
