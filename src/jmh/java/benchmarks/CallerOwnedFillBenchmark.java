package benchmarks;

import io.github.jnibuffer.DemoLib;
import io.github.jnibuffer.raw.RawDemoLib;
import java.nio.ByteBuffer;
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
 * Caller-owned memory: C filling memory that Java owns, through {@link DemoLib}, against the raw binding on
 * native memory of the same size. The sizes bracket the glue's copy-or-pin threshold for byte arrays.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djava.library.path=target/native"})
public class CallerOwnedFillBenchmark {
    @Param({"16", "64", "256", "1024", "4096"})
    int size;

    private long raw;
    private byte[] array;
    private ByteBuffer direct;
    private ByteBuffer heap;

    @Setup
    public void allocate() {
        raw = RawDemoLib.allocateBuffer(size);
        array = new byte[size];
        direct = ByteBuffer.allocateDirect(size);
        heap = ByteBuffer.allocate(size);
    }

    @TearDown
    public void free() {
        RawDemoLib.freeBuffer(raw);
    }

    @Benchmark
    public int rawJniNativeMemory() {
        return RawDemoLib.fillBuffer(raw, size);
    }

    @Benchmark
    public byte[] byteArray() {
        DemoLib.fill(array);
        return array;
    }

    @Benchmark
    public byte[] panamaByteArray() {
        io.github.jnibuffer.panama.DemoLib.fill(array);
        return array;
    }

    @Benchmark
    public ByteBuffer directByteBuffer() {
        direct.clear();
        DemoLib.fill(direct);
        return direct;
    }

    @Benchmark
    public ByteBuffer heapByteBuffer() {
        heap.clear();
        DemoLib.fill(heap);
        return heap;
    }
}
