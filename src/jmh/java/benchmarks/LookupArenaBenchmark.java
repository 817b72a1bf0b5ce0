package benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A finding, kept measurable: the same critical downcall of fill_buffer on a 1 MiB Java array, with the library's
 * symbols looked up in {@code Arena.global()} or in {@code Arena.ofAuto()}. Nothing else differs, yet on JDK 25 here
 * the global lookup made the call about 2.5 times slower at 1 MiB (and no slower at 4 KiB). Each runs in forks of
 * its own, so each fork loads the library through one lookup only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djava.library.path=target/native"})
public class LookupArenaBenchmark {
    @Param({"4096", "1048576"})
    int size;

    private byte[] array;

    @org.openjdk.jmh.annotations.Setup
    public void allocate() {
        array = new byte[size];
    }

    private static MethodHandle criticalFill(Arena lookupArena) {
        SymbolLookup library = SymbolLookup.libraryLookup(NativeLibraryFile.DEMO_LIB, lookupArena);
        return Linker.nativeLinker().downcallHandle(library.find("fill_buffer").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.critical(true));
    }

    /** Lazily created, so that a fork measuring one variant never loads the library through the other. */
    private static final class GlobalLookup {
        static final MethodHandle FILL = criticalFill(Arena.global());
    }

    private static final class AutoLookup {
        static final MethodHandle FILL = criticalFill(Arena.ofAuto());
    }

    @Benchmark
    public int globalArenaLookup() throws Throwable {
        return (int) GlobalLookup.FILL.invokeExact(MemorySegment.ofArray(array), size);
    }

    @Benchmark
    public int autoArenaLookup() throws Throwable {
        return (int) AutoLookup.FILL.invokeExact(MemorySegment.ofArray(array), size);
    }
}
