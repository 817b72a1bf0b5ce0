/**
 * The raw JNI bindings of demo_lib, one Java method per C function, checking nothing. <strong>Unsafe</strong>:
 * a wrong pointer or size corrupts memory or crashes the JVM. They exist to show, in the naive examples, what the
 * safe API in {@link io.github.jnibuffer} prevents, and as the bare-JNI baseline of the benchmarks; they are not part
 * of the published library.
 */
package examples.raw;
