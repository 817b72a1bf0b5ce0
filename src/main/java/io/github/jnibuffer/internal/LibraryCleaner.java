package io.github.jnibuffer.internal;

import java.lang.ref.Cleaner;

/**
 * The one {@link Cleaner} of the library (JNI and Panama buffers alike). Each Cleaner owns a thread, so one per
 * buffer, or even one per class, would be wasteful. Not part of the public API.
 */
public final class LibraryCleaner {
    /** Frees buffers that became unreachable without being closed; its daemon thread is "jni-buffer-cleaner". */
    public static final Cleaner CLEANER = Cleaner.create(task -> {
        Thread thread = new Thread(task, "jni-buffer-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private LibraryCleaner() {}
}
