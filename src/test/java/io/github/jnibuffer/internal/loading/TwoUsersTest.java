package io.github.jnibuffer.internal.loading;

import static io.github.jnibuffer.internal.loading.Loading.GLUE;
import static io.github.jnibuffer.internal.loading.Loading.loadedGlue;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jnibuffer.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two users of one machine run the same program, one after the other, with the same java.io.tmpdir and no
 * configuration, as on a shared build server: both must load the jar's copy, each from a directory of its own,
 * whichever comes first. The other user is uid 65534 (nobody), reached with setpriv(1); changing user takes root, so
 * elsewhere the cases are skipped, with a message saying why.
 */
class TwoUsersTest {
    private static final int ROOT = 0;
    private static final int NOBODY = 65534;

    /** World-readable, so that uid 65534 can read what its JVM needs: the library's classes and LoadGlue. */
    @TempDir
    Path readable;

    private String classPath;

    @BeforeEach
    void copyWhatTheChildrenNeedWhereEveryoneCanReadIt() throws Exception {
        int me = (Integer) Files.getAttribute(readable, "unix:uid"); // JUnit made it, as this process
        assumeTrue(me == ROOT, "running a JVM as another user (setpriv --reuid) takes root; this test runs as uid "
                + me);
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path classes = copyReadable(Path.of(ChildJvm.classesDirectory()), readable.resolve("classes"));
        String loadGlueFile = LoadGlue.class.getName().replace('.', '/') + ".class";
        Path testClasses = readable.resolve("test-classes");
        Path testClassesHere = Path.of(LoadGlue.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path loadGlue = copyReadable(testClassesHere.resolve(loadGlueFile), testClasses.resolve(loadGlueFile));
        classPath = classes + java.io.File.pathSeparator + testClasses;

        // What uid 65534 must be able to reach: this JDK, and the copies (every directory above them searchable).
        for (List<String> probe : List.of(List.of(ChildJvm.javaLauncher(), "-version"),
                List.of("test", "-r", loadGlue.toString()))) {
            ChildJvm.Result result;
            try {
                result = ChildJvm.capture(as(NOBODY, probe), Map.of());
            } catch (IOException e) {
                abort("no setpriv(1) here to run a JVM as another user: " + e);
                return;
            }
            assumeTrue(result.exitCode() == 0, () -> "uid " + NOBODY + " cannot run " + probe + " here: " + result);
        }
    }

    @ParameterizedTest(name = "uid {0}, then uid {1}")
    @CsvSource({"0, 65534", "65534, 0"})
    void bothUsersLoadTheJarsCopyFromTheSameTmpdirInEitherOrder(int first, int second) throws Exception {
        Path sharedTmp = Files.createDirectory(readable.resolve("tmp"));
        chmod("1777", sharedTmp); // as /tmp is: anyone may create, only the owner may delete or rename
        Path firstGlue = loadAs(first, sharedTmp);
        Path secondGlue = loadAs(second, sharedTmp);
        assertAll(
                () -> assertNotEquals(firstGlue.getParent(), secondGlue.getParent()),
                () -> assertExtractedBy(first, sharedTmp, firstGlue),
                () -> assertExtractedBy(second, sharedTmp, secondGlue));
    }

    /** Runs LoadGlue as that user with java.io.tmpdir set (no jnibuffer.tmpdir), and returns the glue it loaded. */
    private Path loadAs(int uid, Path tmpdir) throws Exception {
        List<String> java = ChildJvm.launcherWithCheckOptions();
        java.addAll(List.of(Loading.NATIVE_ACCESS, "-Djava.io.tmpdir=" + tmpdir, "-cp", classPath,
                LoadGlue.class.getName()));
        ChildJvm.Result result = ChildJvm.requireNoFindings(ChildJvm.finish(ChildJvm.start(as(uid, java))));
        Path glue = loadedGlue(result);
        assertFalse(result.output().contains("WARNING"), () -> "uid " + uid + " did not get its own directory: "
                + result);
        return glue;
    }

    /** The glue lies in the shared tmpdir, in an owner-only directory named for and owned by that user. */
    private static void assertExtractedBy(int uid, Path tmpdir, Path glue) throws IOException {
        Path directory = glue.getParent();
        assertAll(
                () -> assertEquals(tmpdir, directory.getParent()),
                () -> assertEquals(GLUE, glue.getFileName().toString()),
                () -> assertTrue(directory.getFileName().toString().endsWith("-uid" + uid), directory::toString),
                () -> assertEquals(uid, Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS)),
                () -> assertEquals(uid, Files.getAttribute(glue, "unix:uid", LinkOption.NOFOLLOW_LINKS)),
                () -> assertEquals("rwx------", PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS))));
    }

    /** The command run as that user and group, with no supplementary groups (root's would otherwise stay). */
    private static List<String> as(int uid, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid,
                "--clear-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Copies a file or a tree, readable by all (directories rwxr-xr-x, files rw-r--r--) whatever the umask. */
    private static Path copyReadable(Path from, Path to) throws IOException {
        createReadableDirectories(to.getParent());
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path source : (Iterable<Path>) tree::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target,
                        PosixFilePermissions.fromString(Files.isDirectory(target) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return to;
    }

    private static void createReadableDirectories(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            createReadableDirectories(directory.getParent());
            Files.createDirectory(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static void chmod(String mode, Path path) throws Exception {
        ChildJvm.Result result = ChildJvm.capture(List.of("chmod", mode, path.toString()), Map.of());
        assertEquals(0, result.exitCode(), result::toString);
    }
}
