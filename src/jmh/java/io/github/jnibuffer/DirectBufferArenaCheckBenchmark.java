package io.github.jnibuffer;

import java.lang.foreign.Arena;
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
 * What the arena check costs {@code DemoLib.fill(ByteBuffer)}: on a plain {@code allocateDirect} buffer, the method
 * as it is ({@code checked}) against the same method without the NIO read and {@link ArenaScopes} ({@code
 * unchecked}, the code before the check), in the same forks; and, for scale, a shared arena's buffer, which is
 * filled through copies ({@code sharedArena}). In the library's package, because it calls package-private natives;
 * the benchmarks run on the class path, so the split package is allowed. Not part of the report's tables.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Djava.library.path=target/native"})
public class DirectBufferArenaCheckBenchmark {
    @Param({"16", "1048576"})
    int size;

    private ByteBuffer direct;
    private Arena shared;
    private ByteBuffer inSharedArena;

    @Setup
    public void allocate() {
        direct = ByteBuffer.allocateDirect(size);
        shared = Arena.ofShared();
        inSharedArena = shared.allocate(size).asByteBuffer();
    }

    @TearDown
    public void free() {
        shared.close();
    }

    @Benchmark
    public ByteBuffer checked() {
        direct.clear();
        DemoLib.fill(direct);
        return direct;
    }

    @Benchmark
    public ByteBuffer unchecked() {
        direct.clear();
        fillWithoutArenaCheck(direct);
        return direct;
    }

    @Benchmark
    public ByteBuffer sharedArena() {
        inSharedArena.clear();
        DemoLib.fill(inSharedArena);
        return inSharedArena;
    }

    /** DemoLib.fill(ByteBuffer) for a direct buffer as it was before the arena check. */
    private static void fillWithoutArenaCheck(ByteBuffer buffer) {
        if (buffer.isReadOnly()) {
            throw new java.nio.ReadOnlyBufferException();
        }
        int position = buffer.position();
        int limit = buffer.limit();
        int length = limit - position;
        if (length > 0) {
            DemoLibNatives.check("fill_buffer", DemoLibNatives.fillDirect(buffer, position, length));
        }
        buffer.position(limit);
    }
}
