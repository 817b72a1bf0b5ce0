/**
 * Implementation details, not exported by the module: the shared Cleaner, leak reports and the bookkeeping of
 * freeing native blocks (loading the native libraries is in {@code internal.loading}). Nothing here is API; it may
 * change in any release.
 */
package io.github.jnibuffer.internal;
