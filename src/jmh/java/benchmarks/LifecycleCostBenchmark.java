package benchmarks;

import io.github.jnibuffer.internal.memory.Backstop;
import io.github.jnibuffer.internal.memory.Tracker;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Where the safe lifecycle's extra time goes, measured apart from any native call, and the two prices that explain
 * the rows on every CPU: one atomic read-modify-write instruction, and one full fence. Read against
 * {@code LifecycleBenchmark.rawJni}.
 *
 * <ul>
 *   <li>{@code backstopRegisterAndClose}: what a confined {@code Buffer} pays for its GC backstop here: a tracker
 *       (a phantom reference) registered in its thread's table and closed.
 *   <li>{@code cleanerRegisterAndClean}: the same with {@link Cleaner}, for comparison: what the library paid before.
 *   <li>{@code atomicIncrement} and {@code fullFence}: the price of one uncontended atomic update and of one fence
 *       on this CPU.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class LifecycleCostBenchmark {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Backstop BACKSTOP = new Backstop();
    private final AtomicLong counter = new AtomicLong();

    /** A cleaning action like the library's: it holds a number, never the object it cleans up after. */
    private static final class Action implements Runnable {
        long address = 1;

        @Override
        public void run() {
            address = 0;
        }
    }

    /** A tracker whose free does nothing, so that only the bookkeeping is timed. */
    private static final class NothingToFree extends Tracker {
        NothingToFree(Object owner) {
            super(owner, 16, BACKSTOP);
        }

        @Override
        protected int free() {
            return 0;
        }

        @Override
        protected void check(int result) {}
    }

    @Benchmark
    public Object backstopRegisterAndClose() {
        Object owner = new Object();
        Tracker tracker = new NothingToFree(owner);
        BACKSTOP.register(tracker, true);
        BACKSTOP.close(tracker, owner);
        return owner;
    }

    @Benchmark
    public Object cleanerRegisterAndClean() {
        Object owner = new Object();
        CLEANER.register(owner, new Action()).clean();
        return owner;
    }

    @Benchmark
    public long atomicIncrement() {
        return counter.incrementAndGet();
    }

    @Benchmark
    public void fullFence() {
        VarHandle.fullFence();
    }
}
