package io.github.jnibuffer.testing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * A virtual thread per task, as a server runs request handlers, for the child JVMs of the virtual-thread tests. The
 * JDK 21 API is reached by reflection because the tests are compiled for Java 17.
 */
public final class VirtualThreads {
    /**
     * Runs {@code body} once on each of {@code threads} new virtual threads, at most {@code inFlight} unfinished at a
     * time (a million waiting threads would fill the heap), and waits for them all.
     *
     * @return how many runs returned true on a virtual thread
     */
    public static long runEach(int threads, int inFlight, BooleanSupplier body) throws Exception {
        ExecutorService executor =
                (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        MethodHandle isVirtual = MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                MethodType.methodType(boolean.class));
        LongAdder succeeded = new LongAdder();
        Semaphore unfinished = new Semaphore(inFlight);
        for (int i = 0; i < threads; i++) {
            unfinished.acquire();
            executor.execute(() -> {
                try {
                    if (body.getAsBoolean() && (boolean) isVirtual.invokeExact(Thread.currentThread())) {
                        succeeded.increment();
                    }
                } catch (Throwable t) {
                    throw new AssertionError(t);
                } finally {
                    unfinished.release();
                }
            });
        }
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.MINUTES)) {
            throw new AssertionError("the virtual threads did not finish within 5 minutes");
        }
        return succeeded.sum();
    }

    private VirtualThreads() {}
}
