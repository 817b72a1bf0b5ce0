package io.github.jnibuffer.internal.loading;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * The three libraries the jar carries under {@code /native/<platform>/}, read into memory (about 16 KiB each), with
 * their SHA-256 hashes. The hashes name the extraction directory (with the user's uid) and decide whether a file
 * found there may be used.
 */
final class BundledLibraries {
    /** One bundled file: its name (kept on extraction, the glue finds demo_lib by it), bytes and SHA-256. */
    record Library(String fileName, byte[] content, byte[] sha256) {}

    private final String version;
    private final List<Library> libraries;

    private BundledLibraries(String version, List<Library> libraries) {
        this.version = version;
        this.libraries = libraries;
    }

    /** Where the jar keeps the libraries for a platform, e.g. {@code /native/linux-x86_64/}. */
    static String resourceDirectory(Platform platform) {
        return "/native/" + platform.id() + "/";
    }

    /**
     * Reads the libraries bundled for a platform.
     *
     * @throws IOException if the jar has no such library or cannot be read
     */
    static BundledLibraries read(Platform platform) throws IOException {
        String directory = resourceDirectory(platform);
        // The glue last: extraction writes what it needs before it.
        List<Library> libraries = List.of(
                readLibrary(directory, LibraryDirectory.DEMO_LIB_FILE),
                readLibrary(directory, LibraryDirectory.GUARD_FILE),
                readLibrary(directory, LibraryDirectory.GLUE_FILE));
        return new BundledLibraries(readVersion(), libraries);
    }

    List<Library> libraries() {
        return libraries;
    }

    Library glue() {
        return libraries.get(libraries.size() - 1);
    }

    /**
     * {@code jni-buffer-<version>-<hash>-uid<uid>}: the hash covers every file, so a rebuilt library never reuses a
     * directory holding an older build, even under the same (SNAPSHOT) version; the uid gives each user of a shared
     * temporary directory a name of its own, so that none can lock the others out by being first.
     *
     * @param uid the numeric user id of the process that extracts ({@link FileOwner#ofThisProcess})
     */
    String directoryName(int uid) {
        MessageDigest digest = sha256();
        for (Library library : libraries) {
            digest.update(library.fileName().getBytes(StandardCharsets.UTF_8));
            digest.update(library.sha256());
        }
        return "jni-buffer-" + version + "-" + HexFormat.of().formatHex(digest.digest(), 0, 8) + "-uid"
                + Integer.toUnsignedString(uid);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Library readLibrary(String directory, String fileName) throws IOException {
        byte[] content = readResource(directory + fileName);
        return new Library(fileName, content, sha256().digest(content));
    }

    private static String readVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = openResource("jni-buffer.properties")) {
            properties.load(in);
        }
        String version = properties.getProperty("version");
        if (version == null || version.isBlank()) {
            throw new IOException("jni-buffer.properties has no version");
        }
        return version;
    }

    private static byte[] readResource(String name) throws IOException {
        try (InputStream in = openResource(name)) {
            return in.readAllBytes();
        }
    }

    /** A resource of this library's own jar (or target/classes), found through this class, hence its class loader. */
    private static InputStream openResource(String name) throws IOException {
        InputStream in = BundledLibraries.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("the jar has no resource " + name);
        }
        return in;
    }
}
