package benchmarks;

import com.sun.jna.Pointer;
import examples.raw.RawDemoLib;
import io.github.jnibuffer.Buffer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One fill_buffer call over library-owned native memory, by every route: the raw JNI binding (no checks), the
 * safe {@link Buffer} (thread and closed-state check, reachability fence; two atomic updates more when shared),
 * the Panama counterpart, plain Panama downcalls (ordinary and critical), and JNA's direct mapping.
 */
@State(Scope.Thread) // setup runs on the benchmark thread, which therefore owns the confined buffers
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djava.library.path=target/native"})
public class FillBenchmark {
    @Param({"16", "4096", "1048576"})
    int size;

    private long raw;
    private Buffer confined;
    private Buffer shared;
    private io.github.jnibuffer.panama.Buffer panamaConfined;
    private io.github.jnibuffer.panama.Buffer panamaShared;
    private MemorySegment segment;
    private Pointer jnaPointer;

    @Setup
    public void allocate() {
        raw = RawDemoLib.allocateBuffer(size);
        confined = Buffer.allocate(size);
        shared = Buffer.allocateShared(size);
        panamaConfined = io.github.jnibuffer.panama.Buffer.allocate(size);
        panamaShared = io.github.jnibuffer.panama.Buffer.allocateShared(size);
        segment = Arena.global().allocate(size); // freed with the JVM; only its address matters here
        jnaPointer = JnaDemoLib.allocate_buffer(size);
    }

    @TearDown
    public void free() {
        RawDemoLib.freeBuffer(raw);
        confined.close();
        shared.close();
        panamaConfined.close();
        panamaShared.close();
        JnaDemoLib.free_buffer(jnaPointer);
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
    public void panamaBufferConfined() {
        panamaConfined.fill();
    }

    @Benchmark
    public void panamaBufferShared() {
        panamaShared.fill();
    }

    @Benchmark
    public int panamaDowncall() throws Throwable {
        return (int) PanamaDowncalls.FILL.invokeExact(segment, size);
    }

    @Benchmark
    public int panamaCriticalDowncall() throws Throwable {
        return (int) PanamaDowncalls.FILL_CRITICAL.invokeExact(segment, size);
    }

    @Benchmark
    public int jnaDirect() {
        return JnaDemoLib.fill_buffer(jnaPointer, size);
    }
}
