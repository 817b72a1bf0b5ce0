package io.github.jnibuffer.internal.loading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Numeric owners (uids) as the file system reports them, which is what decides whether a directory is this user's.
 *
 * <p>This process's uid is read as the owner of a file it has just created, not from {@code user.name} (any
 * {@code -Duser.name=} changes it, and it is not unique: a uid without a passwd entry, common in containers, is
 * named "?") nor from {@code /proc/self} (its owner is the effective uid, or root for a non-dumpable process, and
 * {@code /proc} may not be mounted). The kernel sets a new file's owner, so it cannot be spoofed, and it is the owner
 * every file this process extracts will have: the two can never disagree, even where the file system maps owners
 * (an NFS export that squashes root to nobody).
 */
final class FileOwner {
    private FileOwner() {}

    /**
     * The uid of this process, as the owner the file system gives the files it creates in {@code directory}.
     *
     * @throws IOException if no file can be created there, or the file system has no numeric owners
     */
    static int ofThisProcess(Path directory) throws IOException {
        // createTempFile: a new, unpredictable name, opened O_EXCL, so never somebody else's file or link.
        Path probe = Files.createTempFile(directory, ".jni-buffer-", ".owner");
        try {
            return of(probe);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /**
     * The uid that owns {@code path} itself (a symbolic link is not followed).
     *
     * @throws IOException if it cannot be read, or the file system has no numeric owners
     */
    static int of(Path path) throws IOException {
        try {
            return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw new IOException("the file system of " + path + " reports no numeric owner (unix:uid)", e);
        }
    }
}
