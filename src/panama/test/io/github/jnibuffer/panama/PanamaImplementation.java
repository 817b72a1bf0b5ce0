package io.github.jnibuffer.panama;

import io.github.jnibuffer.testing.Implementation;
import java.nio.ByteBuffer;

/** Adapter from the behavioural suite to the Panama implementation (compiled on JDK 22+ only). */
public final class PanamaImplementation implements Implementation {
    @Override
    public String name() {
        return "panama";
    }

    @Override
    public TestBuffer allocate(int size) {
        return new Adapter(Buffer.allocate(size));
    }

    @Override
    public TestBuffer allocateShared(int size) {
        return new Adapter(Buffer.allocateShared(size));
    }

    @Override
    public long liveCount() {
        return Buffer.liveCount();
    }

    @Override
    public void fill(byte[] array) {
        DemoLib.fill(array);
    }

    @Override
    public void fill(byte[] array, int offset, int length) {
        DemoLib.fill(array, offset, length);
    }

    @Override
    public void fill(ByteBuffer buffer) {
        DemoLib.fill(buffer);
    }

    @Override
    public String safeExampleClass() {
        return "examples.PanamaSafe";
    }

    @Override
    public String toString() {
        return name();
    }

    private record Adapter(Buffer buffer) implements TestBuffer {
        @Override
        public int size() {
            return buffer.size();
        }

        @Override
        public boolean isClosed() {
            return buffer.isClosed();
        }

        @Override
        public boolean isShared() {
            return buffer.isShared();
        }

        @Override
        public void fill() {
            buffer.fill();
        }

        @Override
        public byte get(int index) {
            return buffer.get(index);
        }

        @Override
        public byte[] toByteArray() {
            return buffer.toByteArray();
        }

        @Override
        public void copyTo(int index, byte[] dst, int dstOffset, int length) {
            buffer.copyTo(index, dst, dstOffset, length);
        }

        @Override
        public void close() {
            buffer.close();
        }

        @Override
        public String toString() {
            return buffer.toString();
        }
    }
}
