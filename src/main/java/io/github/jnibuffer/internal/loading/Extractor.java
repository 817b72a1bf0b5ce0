package io.github.jnibuffer.internal.loading;

import io.github.jnibuffer.internal.loading.BundledLibraries.Library;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Writes the bundled libraries to {@code <root>/jni-buffer-<version>-<hash>-uid<uid>/} so that {@link System#load}
 * can map them, safely when many JVMs, of this user or of others, share the root (usually {@code /tmp}):
 *
 * <ul>
 *   <li>each user has a directory of its own, named after its numeric uid ({@link FileOwner}), so that users of one
 *       machine never contend for a name;
 *   <li>the directory is this user's and owner-only ({@code rwx------}): nobody else can plant a file in it or swap
 *       one. If another user holds the name (made it first, as anyone may in {@code /tmp}), the libraries go to a
 *       fresh private directory with an unpredictable name instead, deleted after use ({@link Extraction}); if this
 *       user's own file, link or loosely permitted directory holds it, extraction is refused, with advice;
 *   <li>a file already there is used only if its SHA-256 matches the bundled one; anything else in its place (a
 *       wrong or truncated file, a symbolic link, which is never followed) is replaced;
 *   <li>each file is written under a unique temporary name, then atomically renamed to its real name, so a
 *       concurrent JVM sees either no file or a complete one, never a half-written one.
 * </ul>
 *
 * The files keep their original names: the glue finds {@code libdemo_lib.so} by that name beside itself.
 */
final class Extractor {
    private static final Logger LOGGER = System.getLogger(NativeLibrary.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> BEING_WRITTEN = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> EXTRACTED = PosixFilePermissions.fromString("r-x------");

    private Extractor() {}

    /**
     * Extracts the bundled libraries under {@code root}, reusing intact files from an earlier run.
     *
     * @return the directory holding the libraries, and whether it is to be deleted after use
     * @throws IOException if the directory cannot be made safe or a file cannot be written; the message says why
     */
    static Extraction extract(BundledLibraries bundle, Path root) throws IOException {
        try {
            Path absoluteRoot = Files.createDirectories(root.toAbsolutePath());
            Extraction extraction = directoryFor(bundle, absoluteRoot, FileOwner.ofThisProcess(absoluteRoot));
            try {
                for (Library library : bundle.libraries()) {
                    install(extraction.directory(), library);
                }
            } catch (IOException | RuntimeException e) {
                extraction.deleteIfThrowaway();
                throw e;
            }
            return extraction;
        } catch (FileSystemException e) {
            // NIO names only the file: say what to do.
            throw new IOException(e + ". Set -D" + NativeLibrary.TMPDIR_PROPERTY + "=<a directory you can write to>",
                    e);
        }
    }

    /**
     * Writes a copy of the glue under a new, unique name ({@code libdemo_jni-<random>.so}) in {@code directory}, for
     * a class loader that cannot load the shared copy because another class loader of this JVM has.
     */
    static Path uniqueCopy(Path directory, Library glue) throws IOException {
        String name = glue.fileName();
        int dot = name.lastIndexOf('.');
        return writeNewFile(directory, name.substring(0, dot) + "-", name.substring(dot), glue);
    }

    /**
     * This user's directory, {@code <root>/jni-buffer-<version>-<hash>-uid<uid>}: created owner-only, or checked to be
     * a directory this user alone controls. If another user holds the name, a fresh private directory instead.
     */
    private static Extraction directoryFor(BundledLibraries bundle, Path root, int uid) throws IOException {
        Path directory = root.resolve(bundle.directoryName(uid));
        try {
            // Owner-only from the start, so nobody else can ever get in; set again because the umask may have
            // taken bits away from what createDirectory asked for.
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
        } catch (FileAlreadyExistsException e) {
            // Made by an earlier run, by a concurrent JVM, or planted: the checks below decide.
        }
        int owner = FileOwner.of(directory);
        if (owner != uid) {
            // Only its owner (or root) can delete it from a sticky /tmp: this user could not follow the advice below.
            return new Extraction(freshPrivateDirectory(root, directory, owner, uid), true);
        }
        PosixFileAttributes attributes =
                Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String refusal = null;
        if (!attributes.isDirectory()) {
            refusal = "it is " + (attributes.isSymbolicLink() ? "a symbolic link" : "not a directory");
        } else if (!attributes.permissions().equals(OWNER_ONLY_DIRECTORY)) {
            refusal = "its permissions are " + PosixFilePermissions.toString(attributes.permissions())
                    + ", not rwx------";
        }
        if (refusal != null) {
            throw new IOException("refusing to extract into " + directory + ": " + refusal + ". Delete it, or set -D"
                    + NativeLibrary.TMPDIR_PROPERTY + "=<a directory of your own>");
        }
        return new Extraction(directory, false);
    }

    /**
     * A new owner-only directory beside the one another user holds, {@code <its name>-<random>}: created by
     * mkdir(2), which never takes an existing name nor follows a link, under a name from SecureRandom that nobody can
     * squat in advance. Logged as a WARNING: it never happens unless someone made a directory under this user's name
     * (an attack, or a shared /tmp mounted into containers whose user ids differ), which its owner or root should
     * look at; and it costs an extraction on every run until then.
     */
    private static Path freshPrivateDirectory(Path root, Path taken, int owner, int uid) throws IOException {
        Path directory = Files.createTempDirectory(root, taken.getFileName() + "-",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
        LOGGER.log(Level.WARNING, taken + " belongs to " + ownerName(taken, owner) + ", not to this user (uid "
                + Integer.toUnsignedString(uid) + "), so the native libraries are extracted into " + directory
                + " instead, a private directory deleted after use. Every run extracts them afresh until its owner or "
                + "root deletes " + taken + "; -D" + NativeLibrary.TMPDIR_PROPERTY
                + "=<a directory of your own> avoids it");
        return directory;
    }

    /** {@code name (uid n)}, or {@code uid n} where the uid has no name. */
    private static String ownerName(Path path, int owner) {
        String uid = "uid " + Integer.toUnsignedString(owner);
        try {
            String name = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
            return name.equals(Integer.toUnsignedString(owner)) ? uid : name + " (" + uid + ")";
        } catch (IOException e) {
            return uid;
        }
    }

    private static void install(Path directory, Library library) throws IOException {
        Path file = directory.resolve(library.fileName());
        if (isIntact(file, library)) {
            return;
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            LOGGER.log(Level.WARNING, "Replacing " + file + ": it is not the " + library.fileName()
                    + " bundled in the jar (its content differs, or it is not a regular file)");
        }
        Path temporary = writeNewFile(directory, "." + library.fileName() + "-", ".tmp", library);
        try {
            // rename(2): atomic, and it replaces whatever has the name, a symbolic link included, without following it.
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A regular file (not a link to one) whose SHA-256 is the bundled library's. */
    private static boolean isIntact(Path file, Library library) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (!attributes.isRegularFile()) {
            return false;
        }
        MessageDigest digest = BundledLibraries.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return MessageDigest.isEqual(digest.digest(), library.sha256());
    }

    /** Creates a file with a unique name (O_EXCL: never an existing file or link), writes it, makes it r-x------. */
    private static Path writeNewFile(Path directory, String prefix, String suffix, Library library)
            throws IOException {
        Path file = Files.createTempFile(directory, prefix, suffix, PosixFilePermissions.asFileAttribute(BEING_WRITTEN));
        try {
            Files.write(file, library.content());
            Files.setPosixFilePermissions(file, EXTRACTED);
            return file;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }
}
