package benchmarks;

import com.sun.jna.Memory;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole buffer life: allocate 16 bytes, fill them, free them. Here the safe API pays for what a single fill
 * does not: the Buffer object, its GC backstop registration and the live count; a shared buffer also pays for the
 * close that waits out the other threads (a membarrier() system call for the JNI Buffer, a handshake with every
 * thread for Panama's shared arena).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djava.library.path=target/native",
    "-Djnibuffer.leakWarnings=false"})
public class LifecycleBenchmark {
    private static final int SIZE = 16;

    @Benchmark
    public int rawJni() {
        long buffer = RawDemoLib.allocateBuffer(SIZE);
        int filled = RawDemoLib.fillBuffer(buffer, SIZE);
        return filled + RawDemoLib.freeBuffer(buffer);
    }

    @Benchmark
    public int bufferConfined() {
        try (Buffer buffer = Buffer.allocate(SIZE)) {
            buffer.fill();
            return buffer.size();
        }
    }

    @Benchmark
    public int bufferShared() {
        try (Buffer buffer = Buffer.allocateShared(SIZE)) {
            buffer.fill();
            return buffer.size();
        }
    }

    /** Never closed: the backstop frees it once the GC finds it unreachable. Leak warnings are off in this fork. */
    @Benchmark
    public int bufferLeftToTheBackstop() {
        Buffer buffer = Buffer.allocate(SIZE);
        buffer.fill();
        return buffer.size();
    }

    @Benchmark
    public int panamaBufferConfined() {
        try (io.github.jnibuffer.panama.Buffer buffer = io.github.jnibuffer.panama.Buffer.allocate(SIZE)) {
            buffer.fill();
            return buffer.size();
        }
    }

    @Benchmark
    public int panamaBufferShared() {
        try (io.github.jnibuffer.panama.Buffer buffer = io.github.jnibuffer.panama.Buffer.allocateShared(SIZE)) {
            buffer.fill();
            return buffer.size();
        }
    }

    /** Plain Panama: a confined arena whose close frees the memory, and no GC backstop. */
    @Benchmark
    public int panamaConfinedArena() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment raw = (MemorySegment) PanamaDowncalls.ALLOCATE.invokeExact(SIZE);
            MemorySegment buffer = raw.reinterpret(SIZE, arena, LifecycleBenchmark::free);
            return (int) PanamaDowncalls.FILL.invokeExact(buffer, SIZE);
        }
    }

    private static void free(MemorySegment segment) {
        try {
            int ignored = (int) PanamaDowncalls.FREE.invokeExact(segment);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Benchmark
    public int jnaDirect() {
        Pointer buffer = JnaDemoLib.allocate_buffer(SIZE);
        int filled = JnaDemoLib.fill_buffer(buffer, SIZE);
        return filled + JnaDemoLib.free_buffer(buffer);
    }

    /** JNA's own Memory (malloc plus a Cleaner), filled by fill_buffer, then closed. */
    @Benchmark
    public int jnaMemory() {
        try (Memory memory = new Memory(SIZE)) {
            return JnaDemoLib.fill_buffer(memory, SIZE);
        }
    }
}
