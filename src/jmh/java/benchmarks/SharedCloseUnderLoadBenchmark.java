package benchmarks;

import io.github.jnibuffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * The shared lifecycle (allocateShared 16 B, fill, close) while {@code busy} other threads each fill a shared buffer
 * of their own, non-stop. A close that interrupts every CPU running a thread of the process (membarrier) costs
 * little on an idle JVM and much once other threads run: this measures the second case, which LifecycleBenchmark
 * does not. With more busy threads than cores the measuring thread is also preempted, which the confined lifecycle
 * under the same load shows: compare the two rows of one run, not figures of different runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Djava.library.path=target/native", "-Djnibuffer.leakWarnings=false"})
public class SharedCloseUnderLoadBenchmark {
    private static final int SIZE = 16;

    @Param({"0", "1", "3"})
    public int busy;

    private final List<Thread> fillers = new ArrayList<>();
    private volatile boolean running;

    @Setup(Level.Trial)
    public void startFillers() {
        running = true;
        for (int i = 0; i < busy; i++) {
            Thread filler = new Thread(this::fillUntilStopped, "busy-filler-" + i);
            filler.setDaemon(true);
            filler.start();
            fillers.add(filler);
        }
    }

    private void fillUntilStopped() {
        try (Buffer own = Buffer.allocateShared(SIZE)) {
            while (running) {
                own.fill();
            }
        }
    }

    @TearDown(Level.Trial)
    public void stopFillers() throws InterruptedException {
        running = false;
        for (Thread filler : fillers) {
            filler.join();
        }
        fillers.clear();
    }

    @Benchmark
    public int sharedLifecycle() {
        try (Buffer buffer = Buffer.allocateShared(SIZE)) {
            buffer.fill();
            return buffer.size();
        }
    }

    /** The yardstick: the same work, confined, whose close makes no system call; it pays only for the preemption. */
    @Benchmark
    public int confinedLifecycle() {
        try (Buffer buffer = Buffer.allocate(SIZE)) {
            buffer.fill();
            return buffer.size();
        }
    }
}
