/**
 * The raw JNI bindings of demo_lib, one Java method per C function, checking nothing. <strong>Unsafe</strong>:
 * a wrong pointer or size corrupts memory or crashes the JVM. They exist to show, in the examples, what the safe
 * API in {@link io.github.jnibuffer} prevents; use that instead.
 */
package io.github.jnibuffer.raw;
