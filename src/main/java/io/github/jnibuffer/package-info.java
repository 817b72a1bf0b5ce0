/**
 * The safe API over demo_lib: no call from Java can crash the JVM, leak native memory or free it twice.
 *
 * <ul>
 *   <li>{@link io.github.jnibuffer.Buffer}: memory that C allocates ({@code allocate_buffer}), owned by one Java
 *       object, freed exactly once by {@code close()} (or, as a logged fallback, by a Cleaner). Confined to one thread,
 *       or shared between threads.
 *   <li>{@link io.github.jnibuffer.DemoLib}: memory that Java owns (arrays, direct byte buffers), filled in place by
 *       C's {@code fill_buffer}; nothing to free.
 *   <li>{@link io.github.jnibuffer.NativeCallException}: a C error code that the Java-side checks should have made
 *       impossible; misuse by a caller is reported earlier, as a standard Java exception.
 * </ul>
 *
 * <h2>Native code</h2>
 * The first use loads the JNI glue, {@code libdemo_jni.so}, and {@code libdemo_lib.so} beside it: from
 * {@code -Djnibuffer.library.path=<dir>} if set (that directory only), else from {@code java.library.path}, else
 * from the copy the jar carries, extracted to {@code -Djnibuffer.tmpdir} (default {@code java.io.tmpdir}). A failure
 * is an {@link java.lang.UnsatisfiedLinkError} that lists what was tried and what to do. On JDK 24 and later, grant
 * native access to avoid a warning: {@code --enable-native-access=io.github.jnibuffer} on the module path,
 * {@code --enable-native-access=ALL-UNNAMED} on the class path.
 */
package io.github.jnibuffer;
