package io.github.jnibuffer.testing;

import java.nio.ByteBuffer;

/**
 * The public contract of {@code Buffer} and {@code DemoLib}, as the behavioural tests see it. The real classes
 * are final and come in two implementations (JNI, and Panama on JDK 22+); each gets a small adapter so that one
 * suite tests both, and a difference between them is a failing test, not a footnote.
 */
public interface Implementation {
    /** Short name shown in test reports, e.g. "jni". */
    String name();

    TestBuffer allocate(int size);

    TestBuffer allocateShared(int size);

    long liveCount();

    void fill(byte[] array);

    void fill(byte[] array, int offset, int length);

    void fill(ByteBuffer buffer);

    /** The main class of this implementation's safe example, for tests that start it in a child JVM. */
    String safeExampleClass();

    /** A {@code Buffer} of either implementation, with the same methods and the same exceptions. */
    interface TestBuffer extends AutoCloseable {
        int size();

        boolean isClosed();

        boolean isShared();

        void fill();

        byte get(int index);

        byte[] toByteArray();

        void copyTo(int index, byte[] dst, int dstOffset, int length);

        @Override
        void close();
    }
}
