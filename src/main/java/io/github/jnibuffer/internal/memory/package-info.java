/**
 * Not exported: the bookkeeping of native memory shared by the JNI and the Panama {@code Buffer}. The GC backstop
 * that frees blocks whose {@code Buffer} was never closed ({@link io.github.jnibuffer.internal.memory.Backstop}),
 * the live count, leak reports, and the rules and messages both implementations give their callers.
 */
package io.github.jnibuffer.internal.memory;
