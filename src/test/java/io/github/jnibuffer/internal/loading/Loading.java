package io.github.jnibuffer.internal.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import com.sun.security.auth.module.UnixSystem;
import io.github.jnibuffer.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What the loading tests share: the freshly built libraries, running {@link LoadGlue}, reading its answer. */
final class Loading {
    static final String GLUE = LibraryDirectory.GLUE_FILE;
    static final String DEMO_LIB = LibraryDirectory.DEMO_LIB_FILE;
    static final String GUARD = LibraryDirectory.GUARD_FILE;
    /**
     * Where CMake put the libraries this build made (the bundled copies in the classes directory are the same
     * files): target/native in a plain build, the check's own directory under a check such as the AddressSanitizer
     * build. The build says which (-Djnibuffer.test.nativeDir): java.library.path starts with the test-only counting
     * demo_lib. Without it, the first directory of java.library.path. Only the tests of java.library.path use it;
     * the emulated runs, which have no such directory, run only tests that compare with {@link #bundled}.
     */
    static final Path BUILT = Path.of(System.getProperty("jnibuffer.test.nativeDir",
            System.getProperty("java.library.path").split(java.io.File.pathSeparator)[0])).toAbsolutePath();

    private Loading() {}

    /** Allows the library's System.load without JDK 24+'s warning, as the README says to (JDK 17 accepts it). */
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    /** Runs {@link LoadGlue} in a child JVM with these options; no java.library.path unless given. */
    static ChildJvm.Result load(String... jvmOptions) throws IOException, InterruptedException {
        return ChildJvm.runMain(withNativeAccess(jvmOptions), LoadGlue.class);
    }

    /** {@link #NATIVE_ACCESS} followed by the given JVM options. */
    static List<String> withNativeAccess(String... jvmOptions) {
        List<String> options = new ArrayList<>();
        options.add(NATIVE_ACCESS);
        options.addAll(List.of(jvmOptions));
        return options;
    }

    /** Asserts that the child loaded the glue and used it, and returns the file it loaded. */
    static Path loadedGlue(ChildJvm.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.output().contains("byte19=19"), result::toString);
        Optional<String> loaded = result.output().lines().filter(line -> line.startsWith("loaded=")).findFirst();
        assertTrue(loaded.isPresent(), result::toString);
        return Path.of(loaded.get().substring("loaded=".length()));
    }

    /** Copies the three built libraries into {@code directory}. */
    static Path copyBuiltLibraries(Path directory) throws IOException {
        Files.createDirectories(directory);
        for (String name : List.of(GLUE, DEMO_LIB, GUARD)) {
            Files.copy(BUILT.resolve(name), directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        return directory;
    }

    /**
     * The uid the tests and their child JVMs run as, from getuid(2) (jdk.security.auth): another way than the
     * loader's, which reads it from the file system ({@link FileOwner}).
     */
    static final int UID = (int) new UnixSystem().getUid();

    /** Where the bundled copy for this machine's platform is extracted under {@code root}, by this user. */
    static Path extractionDirectory(Path root) throws IOException {
        return root.resolve(BundledLibraries.read(Platform.current()).directoryName(UID));
    }

    /** Gives a file (a link itself, not what it points to) to nobody, uid 65534; skips the test where not root. */
    static void giveToNobody(Path path) throws IOException {
        UserPrincipal nobody = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try {
            Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setOwner(nobody);
        } catch (IOException e) {
            abort("giving a file to another user takes root; these tests run as uid " + UID + ": " + e);
        }
    }

    /** The bytes of one library as bundled for this machine's platform (in target/classes or the jar). */
    static byte[] bundled(String fileName) throws IOException {
        return BundledLibraries.read(Platform.current()).libraries().stream()
                .filter(library -> library.fileName().equals(fileName))
                .findFirst()
                .orElseThrow()
                .content();
    }

    /** Asserts that {@code file} holds exactly the bundled library of the same name. */
    static void assertSameAsBundled(Path file) throws IOException {
        String name = file.getFileName().toString();
        assertTrue(Arrays.equals(bundled(name), Files.readAllBytes(file)), () -> file + " differs from the bundled "
                + name);
    }
}
