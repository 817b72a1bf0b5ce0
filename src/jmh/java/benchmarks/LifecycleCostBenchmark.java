package benchmarks;

import java.lang.ref.Cleaner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * Where the safe lifecycle's extra time goes, measured apart from any native call: registering an object with a
 * {@link Cleaner} and cleaning it explicitly (what every {@code Buffer} pays for its GC backstop), and the two
 * updates of the live count. Read against {@code LifecycleBenchmark.rawJni}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class LifecycleCostBenchmark {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final LongAdder LIVE = new LongAdder();

    /** A cleaning action like the library's: it holds a number, never the object it cleans up after. */
    private static final class Action implements Runnable {
        long address = 1;

        @Override
        public void run() {
            address = 0;
        }
    }

    @Benchmark
    public Object cleanerRegisterAndClean() {
        Object owner = new Object();
        CLEANER.register(owner, new Action()).clean();
        return owner;
    }

    @Benchmark
    public void liveCountIncrementAndDecrement() {
        LIVE.increment();
        LIVE.decrement();
    }
}
