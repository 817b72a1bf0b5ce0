package io.github.jnibuffer.testing.fuzz;

import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.LiveCounts;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One fuzz case: a random sequence of operations on buffers and on caller-owned memory, each checked against a
 * simple model of what must happen: which exception (type and gist of the message), or which bytes. Each
 * operation is logged as a line of pseudo-Java before it runs, so a failure shows the sequence that led to it.
 *
 * <p>The model: a size <= 0 is refused; a confined buffer refuses other threads (checked first), a closed one
 * refuses everything but close, which does nothing the second time; arguments are checked in the order the API
 * documents; after fill byte i is (byte) i; a failed call writes nothing; live buffers are counted exactly, by
 * liveCount() and by C's count of demo_lib's live allocations.
 */
final class FuzzCase {
    private static final int MAX_OPEN = 8;
    private static final int MAX_OPEN_BYTES = 4 * Values.MAX_SIZE;
    private static final int MAX_KEPT = 16;
    private static final byte UNTOUCHED = 99;

    private final Implementation implementation;
    private final Values values;
    private final ExecutorService otherThread;
    private final List<ModeledBuffer> buffers = new ArrayList<>(); // open and closed: closed ones get used too
    private final List<String> log = new ArrayList<>();
    private final LiveCounts liveAtStart;
    private int created;
    private int operations;

    FuzzCase(Implementation implementation, Choices choices, ExecutorService otherThread) {
        this.implementation = implementation;
        this.values = new Values(choices);
        this.otherThread = otherThread;
        this.liveAtStart = LiveCounts.of(implementation);
    }

    /** The operations run so far, one per line. */
    List<String> log() {
        return log;
    }

    int operations() {
        return operations;
    }

    String implementationName() {
        return implementation.name();
    }

    /** Runs {@code steps} random operations, then closes every buffer; throws AssertionError on any mismatch. */
    void run(int steps) {
        try {
            for (int i = 0; i < steps; i++) {
                step();
            }
        } catch (AssertionError | RuntimeException e) {
            buffers.forEach(buffer -> buffer.buffer.close()); // free, quietly: the failed step stays last in the log
            throw e;
        }
        for (ModeledBuffer buffer : buffers) {
            if (!buffer.closed) {
                close(buffer, false); // owner thread: always succeeds
            }
        }
        liveAtStart.assertUnchanged(implementation, "every buffer closed, yet a count of live buffers changed");
    }

    private void step() {
        if (buffers.isEmpty()) {
            allocate();
            return;
        }
        ModeledBuffer buffer = buffers.get(values.below(buffers.size()));
        boolean other = values.chance(15); // calls from another thread
        switch (values.below(10)) {
            case 0, 1 -> allocate();
            case 2 -> fill(buffer, other);
            case 3 -> get(buffer, other);
            case 4 -> toByteArray(buffer, other);
            case 5 -> copyTo(buffer, other);
            case 6 -> close(buffer, other);
            case 7 -> fillArray();
            default -> fillByteBuffer();
        }
    }

    private void allocate() {
        int size = values.size();
        boolean shared = values.chance(50);
        if (size > 0) {
            makeRoomFor(size);
        }
        String name = "b" + created;
        String call = (shared ? "allocateShared(" : "allocate(") + size + ")";
        log(name + " = " + call);
        Object[] result = new Object[1];
        Throwable thrown = attempt(false, () -> result[0] = shared
                ? implementation.allocateShared(size) : implementation.allocate(size));
        if (size <= 0) {
            expectThrown(thrown, IllegalArgumentException.class, Integer.toString(size));
            return;
        }
        expectThrown(thrown, null, null);
        ModeledBuffer buffer = new ModeledBuffer(name, (Implementation.TestBuffer) result[0], size, shared);
        created++;
        buffers.add(buffer);
        check(buffer.buffer.size() == size && buffer.buffer.isShared() == shared && !buffer.buffer.isClosed(),
                "new buffer reports " + buffer.buffer);
        checkLiveCount();
    }

    /** Keeps memory bounded: closes the oldest open buffers while too many are open, forgets old closed ones. */
    private void makeRoomFor(int size) {
        while (openCount() >= MAX_OPEN || openBytes() + size > MAX_OPEN_BYTES) {
            buffers.stream().filter(buffer -> !buffer.closed).findFirst().ifPresent(buffer -> close(buffer, false));
        }
        buffers.removeIf(buffer -> buffer.closed && buffers.size() > MAX_KEPT);
    }

    private void fill(ModeledBuffer buffer, boolean other) {
        log(buffer.name + ".fill()" + where(other));
        Throwable thrown = attempt(other, buffer.buffer::fill);
        if (!expectStateFailure(buffer, other, thrown)) {
            expectThrown(thrown, null, null);
            buffer.filled = true;
        }
    }

    private void get(ModeledBuffer buffer, boolean other) {
        int index = values.index(buffer.size);
        log(buffer.name + ".get(" + index + ")" + where(other));
        byte[] result = new byte[1];
        Throwable thrown = attempt(other, () -> result[0] = buffer.buffer.get(index));
        if (expectStateFailure(buffer, other, thrown)) {
            return;
        }
        if (index < 0 || index >= buffer.size) {
            expectThrown(thrown, IndexOutOfBoundsException.class, Integer.toString(index));
            return;
        }
        expectThrown(thrown, null, null);
        check(!buffer.filled || result[0] == (byte) index, "get(" + index + ") returned " + result[0]);
    }

    private void toByteArray(ModeledBuffer buffer, boolean other) {
        log(buffer.name + ".toByteArray()" + where(other));
        byte[][] result = new byte[1][];
        Throwable thrown = attempt(other, () -> result[0] = buffer.buffer.toByteArray());
        if (expectStateFailure(buffer, other, thrown)) {
            return;
        }
        expectThrown(thrown, null, null);
        check(result[0].length == buffer.size, "toByteArray() returned " + result[0].length + " bytes");
        if (buffer.filled) {
            checkPattern(result[0], 0, 0, buffer.size, "toByteArray()");
        }
    }

    private void copyTo(ModeledBuffer buffer, boolean other) {
        byte[] dst = values.chance(5) ? null : untouched(values.arrayLength());
        int index = values.index(buffer.size);
        int length = values.length(Math.max(index, 0), buffer.size);
        int dstOffset = values.index(dst == null ? 0 : dst.length);
        log(buffer.name + ".copyTo(" + index + ", " + describe(dst) + ", " + dstOffset + ", " + length + ")"
                + where(other));
        Throwable thrown = attempt(other, () -> buffer.buffer.copyTo(index, dst, dstOffset, length));
        if (expectStateFailure(buffer, other, thrown)) {
            checkUntouched(dst, 0, 0);
            return;
        }
        if (dst == null) {
            expectThrown(thrown, NullPointerException.class, null);
            return;
        }
        if (!fits(index, length, buffer.size) || !fits(dstOffset, length, dst.length)) {
            expectThrown(thrown, IndexOutOfBoundsException.class, null);
            checkUntouched(dst, 0, 0);
            return;
        }
        expectThrown(thrown, null, null);
        checkUntouched(dst, dstOffset, length);
        if (buffer.filled) {
            checkPattern(dst, dstOffset, index, length, "copyTo");
        }
    }

    private void close(ModeledBuffer buffer, boolean other) {
        log(buffer.name + ".close()" + where(other) + (buffer.closed ? " (again)" : ""));
        Throwable thrown = attempt(other, buffer.buffer::close);
        if (other && !buffer.shared) {
            expectThrown(thrown, IllegalStateException.class, "only its owner thread");
        } else {
            expectThrown(thrown, null, null);
            buffer.closed = true;
        }
        check(buffer.buffer.isClosed() == buffer.closed, "isClosed() is " + buffer.buffer.isClosed());
        checkLiveCount();
    }

    /** DemoLib.fill(byte[]) or fill(byte[], offset, length): caller-owned memory, any arguments. */
    private void fillArray() {
        byte[] array = values.chance(5) ? null : untouched(values.arrayLength());
        boolean whole = values.chance(20);
        int offset = whole || array == null ? 0 : values.index(array.length);
        int length = whole ? (array == null ? 0 : array.length)
                : values.length(Math.max(offset, 0), array == null ? 0 : array.length);
        log("DemoLib.fill(" + describe(array) + (whole ? ")" : ", " + offset + ", " + length + ")"));
        Throwable thrown = attempt(false, () -> {
            if (whole) {
                implementation.fill(array);
            } else {
                implementation.fill(array, offset, length);
            }
        });
        if (array == null) {
            expectThrown(thrown, NullPointerException.class, null);
        } else if (!fits(offset, length, array.length)) {
            expectThrown(thrown, IndexOutOfBoundsException.class, null);
            checkUntouched(array, 0, 0);
        } else {
            expectThrown(thrown, null, null);
            checkUntouched(array, offset, length);
            checkPattern(array, offset, 0, length, "DemoLib.fill");
        }
    }

    /** DemoLib.fill(ByteBuffer): direct, heap, a heap slice, read-only, or null; any position and limit. */
    private void fillByteBuffer() {
        int capacity = values.arrayLength();
        int position = values.below(capacity + 1);
        int limit = position + values.below(capacity - position + 1);
        int kind = values.below(20);
        byte[] backing = untouched(capacity + 8); // a heap slice starts 4 bytes into it
        ByteBuffer buffer = switch (kind) {
            case 0 -> null;
            case 1, 2 -> ByteBuffer.wrap(backing, 4, capacity).slice().asReadOnlyBuffer();
            case 3, 4, 5, 6, 7, 8 -> ByteBuffer.allocateDirect(capacity).put(untouched(capacity)).clear();
            case 9, 10, 11 -> ByteBuffer.wrap(backing, 4, capacity).slice();
            default -> ByteBuffer.wrap(untouched(capacity));
        };
        if (buffer != null) {
            buffer.limit(limit).position(position);
        }
        log("DemoLib.fill(" + (buffer == null ? "null" : buffer) + ")");
        Throwable thrown = attempt(false, () -> implementation.fill(buffer));
        if (buffer == null) {
            expectThrown(thrown, NullPointerException.class, null);
            return;
        }
        byte[] contents = new byte[capacity];
        buffer.duplicate().clear().get(contents);
        if (buffer.isReadOnly()) {
            expectThrown(thrown, ReadOnlyBufferException.class, null);
            check(buffer.position() == position, "position moved to " + buffer.position());
            checkUntouched(contents, 0, 0);
            return;
        }
        expectThrown(thrown, null, null);
        check(buffer.position() == limit, "position is " + buffer.position() + ", not the limit " + limit);
        checkUntouched(contents, position, limit - position);
        checkPattern(contents, position, 0, limit - position, "DemoLib.fill(ByteBuffer)");
        check(backing[0] == UNTOUCHED && backing[3] == UNTOUCHED && backing[capacity + 4] == UNTOUCHED,
                "bytes outside the slice changed");
    }

    /** Runs the action here or on the other thread, and returns what it threw (null if it returned). */
    private Throwable attempt(boolean other, Runnable action) {
        operations++;
        Supplier<Throwable> capture = () -> {
            try {
                action.run();
                return null;
            } catch (Throwable thrown) {
                return thrown;
            }
        };
        if (!other) {
            return capture.get();
        }
        try {
            return otherThread.submit(capture::get).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the other thread did not complete the call", e);
        }
    }

    /**
     * What the model expects of a buffer operation before any argument check: a foreign thread on a confined
     * buffer is refused (even when it is closed), then a closed buffer. Returns true if such a failure was expected
     * (and checked).
     */
    private boolean expectStateFailure(ModeledBuffer buffer, boolean other, Throwable thrown) {
        if (other && !buffer.shared) {
            expectThrown(thrown, IllegalStateException.class, "only its owner thread");
            return true;
        }
        if (buffer.closed) {
            expectThrown(thrown, IllegalStateException.class, "buffer closed");
            return true;
        }
        return false;
    }

    private void expectThrown(Throwable thrown, Class<? extends Throwable> expected, String messagePart) {
        if (expected == null) {
            if (thrown != null) {
                throw new AssertionError("expected no exception, but it threw " + thrown, thrown);
            }
            return;
        }
        if (thrown == null) {
            throw new AssertionError("expected " + expected.getSimpleName() + ", but it returned normally");
        }
        if (!expected.isInstance(thrown)) {
            throw new AssertionError("expected " + expected.getSimpleName() + ", but it threw " + thrown, thrown);
        }
        if (messagePart != null && (thrown.getMessage() == null || !thrown.getMessage().contains(messagePart))) {
            throw new AssertionError("expected the message of " + thrown + " to mention \"" + messagePart + "\"");
        }
    }

    private void checkLiveCount() {
        liveAtStart.assertNow(implementation, openCount(), "the model says " + openCount() + " more than at the start");
    }

    /** bytes[at + k] must be (byte) (first + k): fill_buffer's pattern, as seen from the range's start. */
    private static void checkPattern(byte[] bytes, int at, int first, int length, String what) {
        for (int k = 0; k < length; k++) {
            if (bytes[at + k] != (byte) (first + k)) {
                throw new AssertionError(what + ": byte " + (at + k) + " is " + bytes[at + k] + ", expected "
                        + (byte) (first + k));
            }
        }
    }

    /** Every byte outside [from, from + length) must still be UNTOUCHED (null: nothing to check). */
    private static void checkUntouched(byte[] bytes, int from, int length) {
        if (bytes == null) {
            return;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((i < from || i >= from + length) && bytes[i] != UNTOUCHED) {
                throw new AssertionError("byte " + i + " outside the range [" + from + ", " + (from + length)
                        + ") was written: " + bytes[i]);
            }
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    /** The API's range rule: 0 <= from, 0 <= length, from + length <= total, without int overflow. */
    private static boolean fits(int from, int length, int total) {
        return from >= 0 && length >= 0 && (long) from + length <= total;
    }

    private int openCount() {
        return (int) buffers.stream().filter(buffer -> !buffer.closed).count();
    }

    private long openBytes() {
        return buffers.stream().filter(buffer -> !buffer.closed).mapToLong(buffer -> buffer.size).sum();
    }

    private void log(String line) {
        log.add(line);
    }

    private static String where(boolean other) {
        return other ? " on another thread" : "";
    }

    private static String describe(byte[] array) {
        return array == null ? "null" : "byte[" + array.length + "]";
    }

    private static byte[] untouched(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, UNTOUCHED);
        return bytes;
    }
}
