package benchmarks;

import examples.raw.RawDemoLib;
import io.github.jnibuffer.DemoLib;
import java.lang.foreign.MemorySegment;
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
 * Caller-owned memory: the pattern written into memory that Java owns, by C through {@link DemoLib}, by the
 * Panama counterpart, by JNA, and by plain Java with no native code at all; the raw binding on native memory of
 * the same size is the yardstick. The sizes bracket the glue's copy-or-pin threshold for byte arrays (1024), and
 * two variants of {@code byteArray} force one route or the other at every size, to show where the two cross.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djava.library.path=target/native"})
public class CallerOwnedFillBenchmark {
    @Param({"16", "256", "1024", "4096", "1048576"})
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

    /** DemoLib.fill(byte[]) made to pin the array at every size: one side of the copy-or-pin crossover. */
    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djava.library.path=target/native",
        "-Djnibuffer.arrayCopyLimit=0"})
    public byte[] byteArrayAlwaysPinned() {
        DemoLib.fill(array);
        return array;
    }

    /** DemoLib.fill(byte[]) made to copy through the scratch block at every size: the crossover's other side. */
    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djava.library.path=target/native",
        "-Djnibuffer.arrayCopyLimit=1048576"})
    public byte[] byteArrayAlwaysCopied() {
        DemoLib.fill(array);
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

    @Benchmark
    public byte[] panamaByteArray() {
        io.github.jnibuffer.panama.DemoLib.fill(array);
        return array;
    }

    @Benchmark
    public ByteBuffer panamaDirectByteBuffer() {
        direct.clear();
        io.github.jnibuffer.panama.DemoLib.fill(direct);
        return direct;
    }

    /** A critical downcall straight onto the array: no wrapper, no checks. */
    @Benchmark
    public int panamaCriticalHeapSegment() throws Throwable {
        return (int) PanamaDowncalls.FILL_CRITICAL.invokeExact(MemorySegment.ofArray(array), size);
    }

    @Benchmark
    public int jnaByteArray() {
        return JnaDemoLib.fill_buffer(array, size);
    }

    /** No native code: the same pattern written by a Java loop, which the JIT vectorises. */
    @Benchmark
    public byte[] pureJava() {
        byte[] a = array;
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) i; // the low 8 bits of i: exactly i % 256 for i >= 0
        }
        return a;
    }
}
