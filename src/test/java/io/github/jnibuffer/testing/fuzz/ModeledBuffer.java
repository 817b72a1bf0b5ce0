package io.github.jnibuffer.testing.fuzz;

import io.github.jnibuffer.testing.Implementation.TestBuffer;

/** A buffer under test next to what the model says about it. Contents are known only once it was filled. */
final class ModeledBuffer {
    final String name;
    final TestBuffer buffer;
    final int size;
    final boolean shared;
    boolean closed;
    boolean filled;

    ModeledBuffer(String name, TestBuffer buffer, int size, boolean shared) {
        this.name = name;
        this.buffer = buffer;
        this.size = size;
        this.shared = shared;
    }
}
