/**
 * jni-buffer: a C library, demo_lib, called through a handwritten JNI bridge, with a safe Java API on top.
 *
 * <p>Start with {@link io.github.jnibuffer.Buffer} (memory that C allocates and this library frees exactly once)
 * and {@link io.github.jnibuffer.DemoLib} (Java-owned memory that C fills). Nothing here is unsafe: the raw bindings
 * that the naive examples use to show what goes wrong live with the examples, outside this module.
 *
 * <p>The module loads native code, so grant it native access: {@code --enable-native-access=io.github.jnibuffer}
 * on the module path ({@code ALL-UNNAMED} on the class path). JDK 24 and later print a warning without it.
 */
module io.github.jnibuffer {
    exports io.github.jnibuffer;
    // io.github.jnibuffer.internal.loading and internal.memory are deliberately not exported.
}
