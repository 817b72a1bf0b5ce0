/**
 * Loading the native libraries, not exported by the module: from an explicit directory, from
 * {@code java.library.path}, or extracted from the jar's copy for this JVM's CPU. {@link
 * io.github.jnibuffer.internal.loading.NativeLibrary} is the entry point. Nothing here is API; it may change in any
 * release.
 */
package io.github.jnibuffer.internal.loading;
