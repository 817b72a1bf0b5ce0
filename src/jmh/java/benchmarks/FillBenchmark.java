package benchmarks;

import io.github.jnibuffer.Buffer;
import io.github.jnibuffer.raw.RawDemoLib;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the safe wrapper costs on top of the raw binding: the same fill_buffer call over the same native memory,
 * through {@link RawDemoLib} (no checks), through {@link Buffer} (thread, closed state, reachability fence; plus
 * two atomic updates for a shared buffer), and through the Panama counterpart (downcall handle on an arena's
 * segment).
 */
@State(Scope.Thread) // setup runs on the benchmark thread, which therefore owns the confined buffer
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djava.library.path=target/native"})
public class FillBenchmark {
    @Param({"16"})
    int size;

    private long raw;
    private Buffer confined;
    private Buffer shared;
    private io.github.jnibuffer.panama.Buffer panamaConfined;
    private io.github.jnibuffer.panama.Buffer panamaShared;

    @Setup
    public void allocate() {
        raw = RawDemoLib.allocateBuffer(size);
        confined = Buffer.allocate(size);
        shared = Buffer.allocateShared(size);
        panamaConfined = io.github.jnibuffer.panama.Buffer.allocate(size);
        panamaShared = io.github.jnibuffer.panama.Buffer.allocateShared(size);
    }

    @TearDown
    public void free() {
        RawDemoLib.freeBuffer(raw);
        confined.close();
        shared.close();
        panamaConfined.close();
        panamaShared.close();
    }

    @Benchmark
    public int rawJni() {
        return RawDemoLib.fillBuffer(raw, size);
    }

    @Benchmark
    public void bufferConfined() {
        confined.fill();
    }

    @Benchmark
    public void bufferShared() {
        shared.fill();
    }

    @Benchmark
    public void panamaConfined() {
        panamaConfined.fill();
    }

    @Benchmark
    public void panamaShared() {
        panamaShared.fill();
    }
}
