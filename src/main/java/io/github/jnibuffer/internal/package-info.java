/**
 * Implementation details, not exported by the module: loading the native libraries (from a directory, from
 * {@code java.library.path}, or extracted from the jar), the shared Cleaner, leak reports and the
 * bookkeeping of freeing native blocks. Nothing here is API; it may change in any release.
 */
package io.github.jnibuffer.internal;
