package io.github.jnibuffer.panama;

import io.github.jnibuffer.internal.memory.Backstop;
import io.github.jnibuffer.internal.memory.BufferContract;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.util.Objects;

/**
 * The same contract as {@link io.github.jnibuffer.Buffer}, built on the Foreign Function and Memory API instead
 * of JNI: memory from demo_lib's {@code allocate_buffer}, freed by its {@code free_buffer}, reached through
 * downcall handles. Every method has the same name, thread rules and exceptions; see that class for the details.
 *
 * <p>Panama does much of the checking itself: the memory is a {@link MemorySegment} whose lifetime is an
 * {@link Arena}, so bounds, thread confinement and use after close are enforced by the JDK on every access and
 * downcall. This class only translates those checks into the contract's exceptions, adds the GC backstop
 * (an explicit arena is never freed by the GC) and makes a shared buffer's close() wait instead of failing.
 */
public final class Buffer implements AutoCloseable {
    private final int size;
    /** The owner thread of a confined buffer, null for a shared one: used for messages only, Panama checks. */
    private final Thread owner;
    private final Arena arena;
    private final MemorySegment segment;
    private final Deallocation deallocation;
    /** Shared buffers only: close() has begun, so new operations must fail even while the arena is still open. */
    private volatile boolean closing;
    /** The arena's close action threw (e.g. StackOverflowError): the arena is closed, the block maybe not freed. */
    private volatile boolean deallocationFailed;

    private Buffer(int size, Thread owner) {
        BufferContract.checkSize(size);
        this.size = size;
        this.owner = owner;
        Backstop.helpFree(); // backpressure: free leaked buffers the GC has found before allocating more
        MemorySegment raw = allocateNative(size);
        Deallocation deallocation = null;
        Arena arena;
        MemorySegment segment;
        try {
            deallocation = new Deallocation(this, size, raw.address());
            Deallocation.BACKSTOP.register(deallocation, owner != null);
            // Arena.ofConfined: only the owner thread may touch the segment or close it, checked by the JDK on
            // every access. Arena.ofShared: any thread may; closing it fails while a downcall is using the segment.
            // Not Arena.ofAuto: it can never be closed, so freeing would wait for the GC, which close() avoids.
            arena = owner != null ? Arena.ofConfined() : Arena.ofShared();
            // Closing the arena frees the block through the backstop's ledger, which frees it at most once.
            segment = raw.reinterpret(size, arena, ignored -> deallocate());
        } catch (RuntimeException | Error e) { // e.g. OutOfMemoryError: free now, or the memory is lost for good
            if (deallocation != null && deallocation.isRegistered()) {
                // The backstop already tracks it: freeing behind its back would free the block a second time once
                // this half-built Buffer is collected. If this close throws too, that is what frees it, once.
                Deallocation.BACKSTOP.close(deallocation, this);
            } else {
                freeNow(raw);
            }
            throw e;
        }
        this.deallocation = deallocation;
        this.arena = arena;
        this.segment = segment;
        // The registration's plain writes happen-before the backstop reads them, even if the caller drops this
        // Buffer at once (see Backstop, "Visible without locks").
        Reference.reachabilityFence(this);
    }

    private static MemorySegment allocateNative(int size) {
        MemorySegment raw;
        try {
            raw = (MemorySegment) DemoLibHandles.ALLOCATE.invokeExact(size);
        } catch (Throwable t) {
            throw new IllegalStateException("allocate_buffer could not be called", t);
        }
        if (raw.equals(MemorySegment.NULL)) {
            throw BufferContract.outOfNativeMemory(size);
        }
        return raw;
    }

    private static void freeNow(MemorySegment raw) {
        try {
            int ignored = (int) DemoLibHandles.FREE.invokeExact(raw);
        } catch (Throwable t) {
            throw new IllegalStateException("free_buffer could not be called", t);
        }
    }

    /**
     * @param size number of bytes, at least 1
     * @return a new buffer confined to the calling thread
     * @throws IllegalArgumentException if {@code size <= 0}
     * @throws OutOfMemoryError if {@code allocate_buffer} returns NULL
     */
    public static Buffer allocate(int size) {
        return new Buffer(size, Thread.currentThread());
    }

    /**
     * @param size number of bytes, at least 1
     * @return a new buffer that any thread may use and close
     * @throws IllegalArgumentException if {@code size <= 0}
     * @throws OutOfMemoryError if {@code allocate_buffer} returns NULL
     */
    public static Buffer allocateShared(int size) {
        return new Buffer(size, null);
    }

    /** @return Panama buffers allocated and not yet freed in this class loader */
    public static long liveCount() {
        return Deallocation.BACKSTOP.liveCount();
    }

    /** @return the size in bytes; any thread, also after close */
    public int size() {
        return size;
    }

    /** @return whether close() has begun; any thread */
    public boolean isClosed() {
        return closing || !arena.scope().isAlive();
    }

    /** @return true if any thread may use this buffer */
    public boolean isShared() {
        return owner == null;
    }

    /**
     * Runs {@code fill_buffer} over the whole buffer.
     *
     * @throws IllegalStateException if closed, or a confined buffer used from another thread
     * @throws io.github.jnibuffer.NativeCallException if {@code fill_buffer} returns an error
     */
    public void fill() {
        checkNotClosing();
        int result;
        try {
            result = (int) DemoLibHandles.FILL.invokeExact(segment, size); // the JDK keeps the arena open meanwhile
        } catch (RuntimeException e) {
            throw translate(e);
        } catch (Throwable t) {
            throw new IllegalStateException("fill_buffer could not be called", t);
        } finally {
            Reference.reachabilityFence(this); // kept as the rule: the call's arena session keeps this reachable too
        }
        DemoLibHandles.check("fill_buffer", result);
    }

    /**
     * @param index from 0 to {@code size() - 1}
     * @return the byte at {@code index}
     * @throws IllegalStateException if closed, or a confined buffer used from another thread
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, size())}
     */
    public byte get(int index) {
        checkOpenOnThisThread(); // outside the try: these are the contract's exceptions already
        Objects.checkIndex(index, size); // Panama's own message would print the address
        try {
            return segment.get(ValueLayout.JAVA_BYTE, index);
        } catch (RuntimeException e) {
            throw translate(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * @return a copy of the whole contents
     * @throws IllegalStateException if closed, or a confined buffer used from another thread
     */
    public byte[] toByteArray() {
        checkNotClosing();
        try {
            return segment.toArray(ValueLayout.JAVA_BYTE);
        } catch (RuntimeException e) {
            throw translate(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Copies {@code length} bytes from {@code index} into {@code dst} at {@code dstOffset}.
     *
     * @throws IllegalStateException if closed, or a confined buffer used from another thread
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if either range is out of bounds or {@code length < 0}
     */
    public void copyTo(int index, byte[] dst, int dstOffset, int length) {
        // Checked here, in the contract's order, because Panama checks nothing when there is nothing to copy.
        checkOpenOnThisThread();
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(index, length, size);
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        try {
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, index, dst, dstOffset, length);
        } catch (RuntimeException e) {
            throw translate(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Frees the memory exactly once; later calls do nothing. A shared buffer's close waits for operations in flight.
     *
     * @throws IllegalStateException if a confined buffer is closed from another thread (it stays open)
     */
    @Override
    public void close() {
        if (owner != null) {
            if (owner != Thread.currentThread()) {
                throw wrongThread(null); // before the liveness check, as in the JNI Buffer
            }
            if (arena.scope().isAlive()) {
                arena.close(); // runs the deallocation
            } else {
                retryDeallocation();
            }
            return;
        }
        closing = true; // from now on new operations fail
        BufferContract.awaitUntil(this::tryCloseShared);
        // A concurrent close() may be the one freeing it; if its free threw, this one takes over.
        BufferContract.awaitUntil(() -> deallocation.isFreed() || deallocationFailed);
        retryDeallocation();
    }

    /** The arena's close action. */
    private void deallocate() {
        try {
            Deallocation.BACKSTOP.close(deallocation, this);
        } catch (RuntimeException | Error e) {
            deallocationFailed = true; // no call here: this must not throw where the close did
            throw e;
        }
    }

    /**
     * After the arena is closed: frees the block if the arena's close action threw before it did. Backstop.close
     * may be called again after it threw, and frees at most once; the lock keeps two retries apart.
     */
    private synchronized void retryDeallocation() {
        if (!deallocation.isFreed()) {
            deallocate();
        }
    }

    /** One attempt: a shared arena refuses to close while a downcall holds it; that is an operation in flight. */
    private boolean tryCloseShared() {
        try {
            arena.close();
            return true;
        } catch (IllegalStateException inUseOrClosed) {
            return !arena.scope().isAlive(); // closed by another thread: done; in use: try again
        }
    }

    @Override
    public String toString() {
        return BufferContract.describe(size, isClosed(), owner);
    }

    private void checkNotClosing() {
        if (closing) {
            throw closed(null);
        }
    }

    /** The contract's order: the thread first, then the closed state (Panama would check them only on access). */
    private void checkOpenOnThisThread() {
        if (owner != null && owner != Thread.currentThread()) {
            throw wrongThread(null);
        }
        if (closing || !arena.scope().isAlive()) {
            throw closed(null);
        }
    }

    /** Panama's own exceptions (never ours: those are thrown before the try), in the contract's words. */
    private RuntimeException translate(RuntimeException e) {
        if (e instanceof WrongThreadException) {
            return wrongThread(e);
        }
        if (e instanceof IllegalStateException && (closing || !arena.scope().isAlive())) {
            return closed(e);
        }
        return e;
    }

    private IllegalStateException wrongThread(Throwable cause) {
        return BufferContract.wrongThread(this, cause);
    }

    private IllegalStateException closed(Throwable cause) {
        return BufferContract.closed(this, cause);
    }
}
