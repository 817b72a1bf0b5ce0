package io.github.jnibuffer;

import io.github.jnibuffer.internal.memory.Backstop;
import io.github.jnibuffer.internal.memory.BufferContract;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.util.Objects;

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
 * The C pointer never leaves this class. {@link #close()} frees it; a GC backstop frees buffers that were never
 * closed once they become unreachable, and logs a warning, because relying on the garbage collector for native
 * memory is a bug (it runs when the Java heap is short, not when native memory is). A program that leaks buffers
 * faster than the backstop frees them is slowed down: each allocation first frees a few of them.
 *
 * <h2>Threads</h2>
 * A buffer from {@link #allocate} is <em>confined</em> to the thread that allocated it: every method except
 * {@link #size()}, {@link #isClosed()}, {@link #isShared()} and {@link #toString()} throws
 * {@link IllegalStateException} on any other thread. That check is a field comparison; no lock, no atomic.
 * A buffer from {@link #allocateShared} may be used by any number of threads at once. Its {@link #close()}
 * waits for the operations already in flight, then frees; operations that start after close began throw
 * {@link IllegalStateException}. An operation on a shared buffer costs no atomic read-modify-write either (except on
 * riscv64, where GCC 12 compiles atomic stores to {@code amoswap}) and, on x86-64, aarch64 and s390x, no fence; its
 * close() pays instead: it refuses later operations at once, and its block is freed with a batch of up to 64 others
 * after one {@code membarrier} system call for the whole batch (fences on each operation instead where the kernel
 * lacks it and on riscv64; see {@code jni/shared_retirement.h} and {@code jni/shared_guard.c}). Concurrent reads and
 * fills are memory-safe; a read racing a fill may see bytes from before or after it.
 *
 * <h2>Errors</h2>
 * Misuse is reported before any native call, as an exception naming the problem: a closed buffer or the wrong
 * thread ({@link IllegalStateException}), a bad size ({@link IllegalArgumentException}), a bad index
 * ({@link IndexOutOfBoundsException}). An error code from C that these checks should have made impossible
 * becomes a {@link NativeCallException}.
 */
public final class Buffer implements AutoCloseable {
    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(Buffer.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long address;
    private final int size;
    /** The only thread allowed to use a confined buffer; null for a shared one. */
    private final Thread owner;
    /** The block and its bookkeeping, as the GC backstop sees it. */
    private final NativeMemory memory;
    /** Shared buffers: the guard cell and the ticket every use must show (jni/shared_guard.h); else 0. */
    private final long guard;
    private final long ticket;

    /**
     * The owner of a confined buffer while it is open; null once it is closed, and always null for a shared
     * buffer. One comparison with the current thread answers "right thread, and still open?" on the hot path.
     * Written only by the owner (in close()), so a plain field suffices: another thread that reads a stale value
     * still fails the comparison.
     */
    private Thread fastPathThread;

    /** Whether close() has begun; read and written through {@link #CLOSED}. */
    private boolean closed;

    private Buffer(int size, Thread owner) {
        BufferContract.checkSize(size);
        this.size = size;
        this.owner = owner;
        this.fastPathThread = owner;
        Backstop.helpFree(); // backpressure: free leaked buffers the GC has found before allocating more
        long address = DemoLibNatives.allocate(size);
        if (address == 0) {
            throw BufferContract.outOfNativeMemory(size);
        }
        long ticket = 0;
        long guard = 0;
        NativeMemory memory = null;
        try {
            if (owner == null) {
                guard = DemoLibNatives.openGuard(address, size);
                if (guard == 0) {
                    throw new OutOfMemoryError("no native memory for the guard of a shared " + size + "-byte Buffer");
                }
                ticket = DemoLibNatives.guardTicket(guard); // C's, unique in the process, not just in this class loader
            }
            memory = new NativeMemory(this, size, address, guard);
            NativeMemory.BACKSTOP.register(memory, owner != null);
        } catch (RuntimeException | Error e) { // e.g. OutOfMemoryError: free now, or the memory is lost for good
            if (memory != null && memory.isRegistered()) {
                // The backstop already tracks it: freeing behind its back would free the block a second time once
                // this half-built Buffer is collected. If this close throws too, that is what frees it, once.
                NativeMemory.BACKSTOP.close(memory, this);
            } else if (guard != 0) {
                DemoLibNatives.freeShared(guard); // frees the block and recycles the guard cell
            } else {
                // From the frame that called allocate, at the same stack depth: it cannot overflow where that did not.
                DemoLibNatives.free(address);
            }
            throw e;
        }
        this.address = address;
        this.guard = guard;
        this.ticket = ticket;
        this.memory = memory;
        // The registration's plain writes happen-before the backstop reads them, even if the caller drops this
        // Buffer at once (see Backstop, "Visible without locks").
        Reference.reachabilityFence(this);
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
     * Allocates a buffer that any thread may use and close. Its operations cost what a confined buffer's do, plus
     * a few plain memory accesses; its close() costs more (it makes sure no other thread is using the memory).
     * Prefer {@link #allocate} when one thread is enough.
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
     * Number of safe-API buffers allocated and not yet freed, by close() or by the GC backstop, in this class
     * loader. Any thread. Useful in tests: it returns to its starting value once every buffer is closed. It first
     * frees the blocks of closed shared buffers that still wait for their batch (see {@link #close()}), so that
     * native memory is back where it started too.
     *
     * @return the count of live buffers
     */
    public static long liveCount() {
        NativeMemory.flushShared(); // closed shared buffers' blocks that wait for a batch are freed first
        return NativeMemory.BACKSTOP.liveCount();
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
        return (boolean) CLOSED.getAcquire(this);
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
        try {
            int result = fastPathThread == Thread.currentThread()
                    ? DemoLibNatives.fill(address, size)
                    : checkShared(DemoLibNatives.fillShared(sharedGuard(), ticket)); // closed: refused before C
            DemoLibNatives.check("fill_buffer", result);
        } finally {
            Reference.reachabilityFence(this); // see below
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
        try {
            if (fastPathThread == Thread.currentThread()) {
                Objects.checkIndex(index, size);
                return DemoLibNatives.get(address, index);
            }
            long guard = sharedGuard();
            Objects.checkIndex(index, size);
            return (byte) checkShared(DemoLibNatives.getShared(guard, ticket, index));
        } finally {
            Reference.reachabilityFence(this);
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
        if (fastPathThread != Thread.currentThread()) {
            sharedGuard(); // misuse first: never allocate the copy of a buffer that cannot be read
        }
        byte[] copy = new byte[size];
        copyTo(0, copy, 0, size);
        return copy;
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
        try {
            boolean confined = fastPathThread == Thread.currentThread();
            long guard = confined ? 0 : sharedGuard();
            Objects.requireNonNull(dst, "dst");
            Objects.checkFromIndexSize(index, length, size);
            Objects.checkFromIndexSize(dstOffset, length, dst.length);
            if (length == 0) {
                return;
            }
            if (confined) {
                DemoLibNatives.copyToArray(address, index, dst, dstOffset, length);
            } else {
                checkShared(DemoLibNatives.copySharedToArray(guard, ticket, index, dst, dstOffset, length));
            }
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Frees the native memory, exactly once; later calls do nothing, and every other method then throws
     * {@link IllegalStateException} (except {@link #size()}, {@link #isClosed()}, {@link #isShared()} and
     * {@link #toString()}).
     *
     * <p>Confined buffer: only the owner thread may close it. Shared buffer: any thread may, and every operation
     * that starts after close began throws. The memory is freed once no operation of another thread is still in
     * flight on it: at once for a buffer of 64 KiB or more (and where the kernel has no {@code membarrier}),
     * otherwise together with up to 63 other closed shared buffers, at most 1 MiB in all, after one {@code membarrier}
     * for the batch; a batch waits at most about a second (the backstop's thread, or {@link #liveCount()}, frees it).
     * So close() waits at most for two batches: one another thread is freeing, and the one it may free itself, each
     * one {@code membarrier} call and the longest operation in flight on a buffer of that batch (a fill or copy of
     * under 64 KiB); a large buffer's close waits for the longest operation in flight on that buffer. Every
     * concurrent call to close returns once it is done. It never throws because of concurrent use.
     *
     * <p>If close() throws an Error (a StackOverflowError in deep recursion, say), the memory is still freed
     * exactly once: by calling close() again, or else by the GC backstop once the buffer is unreachable. A confined
     * buffer whose owner thread ended without closing it is freed by the backstop too.
     *
     * @throws IllegalStateException if a confined buffer is closed from another thread (it stays open)
     */
    @Override
    public void close() {
        if (owner != null) {
            checkOwner();
            if (fastPathThread == null && memory.isFreed()) {
                return; // already closed (a close that threw before the end is done again: see Backstop.close)
            }
            fastPathThread = null;
            CLOSED.setRelease(this, true);
            NativeMemory.BACKSTOP.close(memory, this);
            return;
        }
        while (!memory.isFreed()) {
            if (CLOSED.compareAndSet(this, false, true)) {
                try {
                    NativeMemory.BACKSTOP.close(memory, this); // waits in C for the uses in flight, then frees
                } catch (RuntimeException | Error e) {
                    // Not finished (e.g. StackOverflowError): let a retry, or a concurrent closer, take over.
                    CLOSED.setRelease(this, false);
                    throw e;
                }
                return;
            }
            // Another thread is closing it: wait until it has freed, or gave up (then try to close it here).
            BufferContract.awaitUntil(() -> memory.isFreed() || !(boolean) CLOSED.getAcquire(this));
        }
    }

    /**
     * Describes the buffer without revealing its address: size, open or closed, and its confinement.
     *
     * @return e.g. {@code Buffer[20 bytes, open, confined to thread "main"]}
     */
    @Override
    public String toString() {
        return BufferContract.describe(size, isClosed(), owner);
    }

    /*
     * Every operation ends with Reference.reachabilityFence(this). The natives take a plain address, so without it
     * the JIT may consider this Buffer unreachable as soon as the address is loaded, and the GC backstop could free
     * the memory while C is still using it.
     */

    /**
     * The guard of a shared buffer, for an operation the confined fast path did not take: throws if this is a
     * confined buffer (wrong thread, or closed) or a closed shared one.
     */
    private long sharedGuard() {
        long guard = guard();
        if ((boolean) CLOSED.getAcquire(this)) {
            throw BufferContract.closed(this, null); // C checks too; here so that it is reported before bad arguments
        }
        return guard;
    }

    /** The guard of a shared buffer; throws if this is a confined one (used from another thread, or closed). */
    private long guard() {
        if (owner != null) {
            checkOwner(); // throws on a foreign thread
            throw BufferContract.closed(this, null); // the owner itself, so the buffer must be closed
        }
        return guard;
    }

    /** A shared operation's result, unless the guard refused it. */
    private int checkShared(int result) {
        if (result == DemoLibNatives.GUARD_CLOSED) {
            throw BufferContract.closed(this, null);
        }
        if (result == DemoLibNatives.GUARD_NO_MEMORY) {
            throw new OutOfMemoryError("no native memory for this thread's guard slot (jni/shared_guard.c)");
        }
        return result;
    }

    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw BufferContract.wrongThread(this, null);
        }
    }
}
