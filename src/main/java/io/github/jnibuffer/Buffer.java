package io.github.jnibuffer;

import io.github.jnibuffer.internal.LibraryCleaner;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * A block of native memory from demo_lib's {@code allocate_buffer}, owned by this object and freed exactly once.
 *
 * <pre>{@code
 * try (Buffer buffer = Buffer.allocate(20)) {
 *     buffer.fill();                       // C's fill_buffer: byte i becomes i % 256
 *     byte[] copy = buffer.toByteArray();  // reads copy out; nothing hands out a view of native memory
 * }                                        // close(): free_buffer, exactly once
 * }</pre>
 *
 * <h2>Ownership</h2>
 * The C pointer never leaves this class. {@link #close()} frees it; a shared {@link Cleaner} frees buffers that
 * were never closed once they become unreachable, and logs a warning, because relying on the garbage collector
 * for native memory is a bug (it runs when the Java heap is short, not when native memory is).
 *
 * <h2>Threads</h2>
 * A buffer from {@link #allocate} is <em>confined</em> to the thread that allocated it: every method except
 * {@link #size()}, {@link #isClosed()}, {@link #isShared()} and {@link #toString()} throws
 * {@link IllegalStateException} on any other thread. That check is a field comparison; no lock, no atomic.
 * A buffer from {@link #allocateShared} may be used by any number of threads at once. Its {@link #close()}
 * waits for the operations already in flight, then frees; operations that start after close began throw
 * {@link IllegalStateException}. Concurrent reads and fills are memory-safe; a read racing a fill may see
 * bytes from before or after it.
 *
 * <h2>Errors</h2>
 * Misuse is reported before any native call, as an exception naming the problem: a closed buffer or the wrong
 * thread ({@link IllegalStateException}), a bad size ({@link IllegalArgumentException}), a bad index
 * ({@link IndexOutOfBoundsException}). An error code from C that these checks should have made impossible
 * becomes a {@link NativeCallException}.
 */
public final class Buffer implements AutoCloseable {
    /** Sign bit of {@link #state}: close() has begun. */
    private static final int CLOSED = 0x8000_0000;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Buffer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long address;
    private final int size;
    /** The only thread allowed to use a confined buffer; null for a shared one. */
    private final Thread owner;
    private final NativeMemory memory;
    private final Cleaner.Cleanable cleanable;

    /**
     * The owner of a confined buffer while it is open; null once it is closed, and always null for a shared
     * buffer. One comparison with the current thread answers "right thread, and still open?" on the hot path;
     * everything else takes the slow path in {@link #acquire}. Written only by the owner (in close()), so a plain
     * field suffices: another thread that reads a stale value still fails the comparison.
     */
    private Thread fastPathThread;

    /**
     * {@link #CLOSED} once close() has begun; for shared buffers the low 31 bits count operations in flight.
     * Always accessed through {@link #STATE}, so that {@link #isClosed()} on any thread sees a close.
     */
    private int state;

    private Buffer(int size, Thread owner) {
        if (size <= 0) {
            throw new IllegalArgumentException("Buffer size must be positive, was " + size);
        }
        this.size = size;
        this.owner = owner;
        this.fastPathThread = owner;
        this.memory = new NativeMemory(size); // throws OutOfMemoryError if C returns NULL
        this.address = memory.address;
        Cleaner.Cleanable registered;
        try {
            registered = LibraryCleaner.CLEANER.register(this, memory);
        } catch (RuntimeException | Error e) { // e.g. OutOfMemoryError: free now, or the memory is lost for good
            memory.markClosedExplicitly();
            memory.run();
            throw e;
        }
        this.cleanable = registered;
    }

    /**
     * Allocates a buffer confined to the calling thread. Its contents are undefined until {@link #fill()}.
     *
     * @param size number of bytes, at least 1
     * @return a new open buffer; close it, preferably with try-with-resources
     * @throws IllegalArgumentException if {@code size <= 0}
     * @throws OutOfMemoryError if C's {@code allocate_buffer} returns NULL (the message gives the size)
     */
    public static Buffer allocate(int size) {
        return new Buffer(size, Thread.currentThread());
    }

    /**
     * Allocates a buffer that any thread may use and close. Each operation costs two atomic updates more than on
     * a confined buffer; prefer {@link #allocate} when one thread is enough.
     *
     * @param size number of bytes, at least 1
     * @return a new open buffer; close it, preferably with try-with-resources
     * @throws IllegalArgumentException if {@code size <= 0}
     * @throws OutOfMemoryError if C's {@code allocate_buffer} returns NULL (the message gives the size)
     */
    public static Buffer allocateShared(int size) {
        return new Buffer(size, null);
    }

    /**
     * Number of safe-API buffers allocated and not yet freed, by close() or by the Cleaner, in this class loader.
     * Any thread. Useful in tests: it returns to its starting value once every buffer is closed.
     *
     * @return the count of live buffers
     */
    public static long liveCount() {
        return NativeMemory.liveCount();
    }

    /**
     * Any thread, also after close.
     *
     * @return the size in bytes given at allocation
     */
    public int size() {
        return size;
    }

    /**
     * Any thread. True once {@link #close()} has begun (on a shared buffer it may still be waiting for
     * operations in flight).
     *
     * @return whether the buffer is closed
     */
    public boolean isClosed() {
        return (int) STATE.getVolatile(this) < 0;
    }

    /**
     * Any thread.
     *
     * @return true if this buffer came from {@link #allocateShared}, false if it is confined to one thread
     */
    public boolean isShared() {
        return owner == null;
    }

    /**
     * Runs C's {@code fill_buffer} over the whole buffer: byte {@code i} becomes {@code (byte) (i % 256)}.
     * Thread rules: the owner thread of a confined buffer; any thread for a shared one.
     *
     * @throws IllegalStateException if the buffer is closed, or if a confined buffer is used from another thread
     * @throws NativeCallException if {@code fill_buffer} returns an error (a bug: the checks make it impossible)
     */
    public void fill() {
        long address = acquire();
        try {
            DemoLibNatives.check("fill_buffer", DemoLibNatives.fill(address, size));
        } finally {
            release();
        }
    }

    /**
     * Reads one byte. Thread rules: the owner thread of a confined buffer; any thread for a shared one.
     * To read many bytes, {@link #copyTo} and {@link #toByteArray} cross into C once instead of per byte.
     *
     * @param index from 0 to {@code size() - 1}
     * @return the byte at {@code index}
     * @throws IllegalStateException if the buffer is closed, or if a confined buffer is used from another thread
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, size())}
     */
    public byte get(int index) {
        long address = acquire();
        try {
            Objects.checkIndex(index, size);
            return DemoLibNatives.get(address, index);
        } finally {
            release();
        }
    }

    /**
     * Copies the whole contents into a new array. Thread rules: the owner thread of a confined buffer; any
     * thread for a shared one.
     *
     * @return a new array of {@link #size()} bytes; later changes to either side do not affect the other
     * @throws IllegalStateException if the buffer is closed, or if a confined buffer is used from another thread
     */
    public byte[] toByteArray() {
        long address = acquire();
        try {
            byte[] copy = new byte[size];
            DemoLibNatives.copyToArray(address, 0, copy, 0, size);
            return copy;
        } finally {
            release();
        }
    }

    /**
     * Copies {@code length} bytes starting at {@code index} into {@code dst} starting at {@code dstOffset}.
     * Thread rules: the owner thread of a confined buffer; any thread for a shared one.
     *
     * @param index first byte of this buffer to copy
     * @param dst destination array
     * @param dstOffset first index written in {@code dst}
     * @param length number of bytes; 0 copies nothing
     * @throws IllegalStateException if the buffer is closed, or if a confined buffer is used from another thread
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if either range is outside its array or buffer, or {@code length < 0}
     */
    public void copyTo(int index, byte[] dst, int dstOffset, int length) {
        long address = acquire();
        try {
            Objects.requireNonNull(dst, "dst");
            Objects.checkFromIndexSize(index, length, size);
            Objects.checkFromIndexSize(dstOffset, length, dst.length);
            if (length > 0) {
                DemoLibNatives.copyToArray(address, index, dst, dstOffset, length);
            }
        } finally {
            release();
        }
    }

    /**
     * Frees the native memory, exactly once; later calls do nothing, and every other method then throws
     * {@link IllegalStateException} (except {@link #size()}, {@link #isClosed()}, {@link #isShared()} and
     * {@link #toString()}).
     *
     * <p>Confined buffer: only the owner thread may close it. Shared buffer: any thread may; close waits for the
     * operations already in flight on other threads, then frees, and every concurrent call to close returns once
     * the memory is freed. It never throws because of concurrent use.
     *
     * @throws IllegalStateException if a confined buffer is closed from another thread (it stays open)
     */
    @Override
    public void close() {
        if (owner != null) {
            checkOwner();
            if (fastPathThread == null) {
                return; // already closed
            }
            fastPathThread = null;
            STATE.setVolatile(this, CLOSED);
            free();
            return;
        }
        int previous = (int) STATE.getAndBitwiseOr(this, CLOSED);
        if (previous >= 0) {
            // This call closed it. No new operation can start now; wait for those in flight, then free.
            awaitUntil(() -> (int) STATE.getVolatile(this) == CLOSED);
            free();
        } else {
            awaitUntil(memory::isFreed); // another thread is closing it: return once it has freed the memory
        }
    }

    /**
     * Describes the buffer without revealing its address: size, open or closed, and its confinement.
     *
     * @return e.g. {@code Buffer[20 bytes, open, confined to thread "main"]}
     */
    @Override
    public String toString() {
        return "Buffer[" + size + " bytes, " + (isClosed() ? "closed" : "open") + ", "
                + (owner == null ? "shared" : "confined to thread \"" + owner.getName() + "\"") + "]";
    }

    /**
     * Checks that the caller may use the buffer now and returns the address. On a shared buffer it also counts
     * the caller in, so that close() waits for it; every acquire() must be paired with a release() in finally.
     */
    private long acquire() {
        if (fastPathThread == Thread.currentThread()) {
            return address; // confined, open, owner thread: no lock, no atomic
        }
        if (owner != null) {
            checkOwner(); // throws on a foreign thread
            throw closedException(); // the owner itself, so the buffer must be closed
        }
        int current = (int) STATE.getVolatile(this);
        while (true) {
            if (current < 0) {
                throw closedException();
            }
            int witness = (int) STATE.compareAndExchange(this, current, current + 1);
            if (witness == current) {
                return address;
            }
            current = witness;
        }
    }

    /**
     * Ends an operation begun by acquire(). The reachability fence matters: the natives take a plain address,
     * so without it the JIT may consider this Buffer unreachable as soon as the address is loaded, and the
     * Cleaner could free the memory while C is still using it.
     */
    private void release() {
        if (owner == null) {
            STATE.getAndAdd(this, -1);
        }
        Reference.reachabilityFence(this);
    }

    private void free() {
        memory.markClosedExplicitly();
        cleanable.clean(); // runs NativeMemory.run() here, once; the Cleaner will not run it again
    }

    private void checkOwner() {
        Thread current = Thread.currentThread();
        if (current != owner) {
            throw new IllegalStateException(this + " was used from thread \"" + current.getName()
                    + "\"; only its owner thread may use it. Use Buffer.allocateShared for a buffer that several "
                    + "threads use.");
        }
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("buffer closed: " + this + " cannot be used after close()");
    }

    /** Waits without holding any lock: spins briefly, then yields, then parks; keeps the interrupt status. */
    private static void awaitUntil(java.util.function.BooleanSupplier condition) {
        boolean interrupted = false;
        for (int round = 0; !condition.getAsBoolean(); round++) {
            if (round < 100) {
                Thread.onSpinWait();
            } else if (round < 200) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(50_000);
                interrupted |= Thread.interrupted(); // a pending interrupt would make parkNanos return at once
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
