package benchmarks;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A finding, kept measurable: a critical downcall of fill_buffer on a 1 MiB Java array became about 2.5 times
 * slower once the JIT had compiled its caller, on a CPU with AVX-512. The caller's compiled code leaves the upper
 * halves of the vector registers dirty, and fill_buffer, compiled by GCC for baseline x86-64, uses the older SSE
 * encoding, which then pays a transition penalty on every vector instruction. The same call with the JIT limited
 * to AVX2 ({@code -XX:UseAVX=2}) runs at C's speed. docs/benchmarks.md has the evidence.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djava.library.path=target/native"})
public class AvxTransitionBenchmark {
    @Param({"4096", "1048576"})
    int size;

    private byte[] array;

    @Setup
    public void allocate() {
        array = new byte[size];
    }

    /** The JVM's defaults: on a CPU with AVX-512, the JIT uses it. */
    @Benchmark
    public int criticalHeapDowncall() throws Throwable {
        return (int) PanamaDowncalls.FILL_CRITICAL.invokeExact(MemorySegment.ofArray(array), size);
    }

    /** The same call, with the JIT told to use no vector instructions wider than AVX2. */
    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djava.library.path=target/native",
        "-XX:UseAVX=2"})
    public int criticalHeapDowncallJitLimitedToAvx2() throws Throwable {
        return (int) PanamaDowncalls.FILL_CRITICAL.invokeExact(MemorySegment.ofArray(array), size);
    }
}
