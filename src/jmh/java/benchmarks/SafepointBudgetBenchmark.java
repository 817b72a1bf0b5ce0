package benchmarks;

import java.lang.foreign.Arena;
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
 * The time budget for one critical downcall: the JDK sets memory in calls of at most 1 MiB, so that safepoints can
 * be polled between them (java.nio.Bits.UNSAFE_SET_THRESHOLD), and one such call is what {@code setMemory} times
 * (MemorySegment.fill on native memory makes one Unsafe.setMemory call). The Panama DemoLib's CRITICAL_LIMIT is
 * the largest power of two that the slowest fill_buffer loop (the C reference's portable rows) fills within it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djava.library.path=target/native"})
public class SafepointBudgetBenchmark {
    @Param({"1048576"})
    int size;

    private MemorySegment segment;
    private byte value;

    @Setup
    public void allocate() {
        segment = Arena.global().allocate(size); // freed with the JVM
    }

    @Benchmark
    public MemorySegment setMemory() {
        return segment.fill(value++);
    }
}
