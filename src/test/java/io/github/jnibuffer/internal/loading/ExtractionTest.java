package io.github.jnibuffer.internal.loading;

import static io.github.jnibuffer.internal.loading.Loading.DEMO_LIB;
import static io.github.jnibuffer.internal.loading.Loading.GLUE;
import static io.github.jnibuffer.internal.loading.Loading.GUARD;
import static io.github.jnibuffer.internal.loading.Loading.UID;
import static io.github.jnibuffer.internal.loading.Loading.assertSameAsBundled;
import static io.github.jnibuffer.internal.loading.Loading.extractionDirectory;
import static io.github.jnibuffer.internal.loading.Loading.giveToNobody;
import static io.github.jnibuffer.internal.loading.Loading.load;
import static io.github.jnibuffer.internal.loading.Loading.loadedGlue;
import static io.github.jnibuffer.internal.loading.Loading.withNativeAccess;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jnibuffer.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extracting the bundled copy: where, with which permissions, reusing only verified files, never following a planted
 * link, never locked out by another user's directory, safe with concurrent JVMs. Each case starts child JVMs with
 * -Djnibuffer.tmpdir pointing into a fresh directory and no java.library.path holding the glue, so the jar's copy is
 * the one loaded.
 */
class ExtractionTest {
    @TempDir
    Path root;

    @Test
    void extractsTheLibrariesUnderTheOverrideIntoAnOwnerOnlyDirectory() throws Exception {
        Path loaded = loadedGlue(load("-Djnibuffer.tmpdir=" + root));
        Path directory = extractionDirectory(root);
        assertAll(
                () -> assertEquals(directory.resolve(GLUE), loaded),
                () -> assertTrue(directory.getFileName().toString().matches("jni-buffer-.+-[0-9a-f]{16}-uid" + UID),
                        directory::toString),
                () -> assertEquals("rwx------", permissions(directory)),
                () -> assertEquals(Set.of(GLUE, DEMO_LIB, GUARD), fileNames(directory), "nothing else is left behind"),
                () -> assertEquals(Set.of(directory.getFileName().toString()), fileNames(root),
                        "nothing is left beside it (the file that told the loader its uid is deleted)"),
                () -> assertEquals("r-x------", permissions(directory.resolve(GLUE))),
                () -> assertSameAsBundled(directory.resolve(GLUE)),
                () -> assertSameAsBundled(directory.resolve(DEMO_LIB)),
                () -> assertSameAsBundled(directory.resolve(GUARD)));
    }

    @Test
    void reusesVerifiedFilesFromAnEarlierRun() throws Exception {
        loadedGlue(load("-Djnibuffer.tmpdir=" + root));
        Path glue = extractionDirectory(root).resolve(GLUE);
        Object before = fileKey(glue);
        loadedGlue(load("-Djnibuffer.tmpdir=" + root));
        assertEquals(before, fileKey(glue), "the file was written again (a new file took its name)");
    }

    @Test
    void replacesAPlantedWrongFile() throws Exception {
        Path directory = ownerOnlyDirectory(extractionDirectory(root));
        Files.writeString(directory.resolve(GLUE), "planted: not the bundled glue\n");
        ChildJvm.Result result = load("-Djnibuffer.tmpdir=" + root);
        assertEquals(directory.resolve(GLUE), loadedGlue(result));
        assertSameAsBundled(directory.resolve(GLUE));
        assertTrue(result.output().contains("WARNING: Replacing " + directory.resolve(GLUE)), result::toString);
    }

    @Test
    void replacesAPlantedSymbolicLinkWithoutWritingThroughIt() throws Exception {
        Path directory = ownerOnlyDirectory(extractionDirectory(root));
        Path victim = Files.writeString(root.resolve("victim"), "must stay as it is\n");
        Files.createSymbolicLink(directory.resolve(DEMO_LIB), victim);
        loadedGlue(load("-Djnibuffer.tmpdir=" + root));
        assertAll(
                () -> assertEquals("must stay as it is\n", Files.readString(victim)),
                () -> assertTrue(Files.isRegularFile(directory.resolve(DEMO_LIB), LinkOption.NOFOLLOW_LINKS)),
                () -> assertSameAsBundled(directory.resolve(DEMO_LIB)));
    }

    @Test
    void refusesADirectoryThatIsASymbolicLink() throws Exception {
        Path elsewhere = Files.createDirectory(root.resolve("elsewhere"));
        Files.createSymbolicLink(extractionDirectory(root), elsewhere);
        assertRefused(load("-Djnibuffer.tmpdir=" + root), "it is a symbolic link");
        assertEquals(Set.of(), fileNames(elsewhere), "nothing was written through the link");
    }

    @Test
    void refusesADirectoryOthersCanWriteTo() throws Exception {
        Path directory = Files.createDirectory(extractionDirectory(root));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertRefused(load("-Djnibuffer.tmpdir=" + root), "its permissions are rwxrwxrwx, not rwx------");
    }

    /**
     * Another user made a directory under this user's name first, as anyone may in /tmp, and this user cannot delete
     * it: a private directory is used instead, with a warning, and deleted once loaded. Giving a directory away takes
     * root; elsewhere this case is skipped.
     */
    @Test
    void aDirectoryAnotherUserMadeUnderThisUsersNameIsLeftAloneAndAPrivateOneUsed() throws Exception {
        Path taken = ownerOnlyDirectory(extractionDirectory(root));
        giveToNobody(taken);
        ChildJvm.Result result = load("-Djnibuffer.tmpdir=" + root);
        Path loaded = loadedGlue(result);
        String out = result.output();
        assertAll(
                () -> assertEquals(root, loaded.getParent().getParent()),
                () -> assertTrue(loaded.getParent().getFileName().toString().startsWith(taken.getFileName() + "-"),
                        loaded::toString),
                () -> assertTrue(out.contains("WARNING: " + taken + " belongs to nobody (uid 65534), not to this user"
                        + " (uid " + UID + "), so the native libraries are extracted into " + loaded.getParent()
                        + " instead"), out),
                () -> assertEquals(Set.of(taken.getFileName().toString()), fileNames(root),
                        "the private directory is deleted once loaded, and nothing else is left"),
                () -> assertEquals(Set.of(), fileNames(taken), "nothing is written into the other user's directory"));
    }

    @Test
    void twoJvmsExtractingAtOnceBothLoadCompleteFiles() throws Exception {
        Path startFile = root.resolve("start");
        List<String> command = ChildJvm.mainCommand(
                withNativeAccess("-Djnibuffer.tmpdir=" + root), LoadGlue.class, startFile.toString());
        Process first = ChildJvm.start(command);
        Process second = ChildJvm.start(command);
        Thread.sleep(500); // both JVMs are up and polling for the start file
        Files.createFile(startFile);
        Path expected = extractionDirectory(root).resolve(GLUE);
        assertEquals(expected, loadedGlue(ChildJvm.finish(first)));
        assertEquals(expected, loadedGlue(ChildJvm.finish(second)));
        assertEquals(Set.of(GLUE, DEMO_LIB, GUARD), fileNames(expected.getParent()), "no temporary file is left behind");
        assertSameAsBundled(expected);
    }

    /**
     * A real noexec file system, mounted in a private mount namespace that only the child JVM sees. Needs unshare(1)
     * and user namespaces (or root); skipped where the machine allows neither.
     */
    @Test
    void aNoexecDirectoryIsDetectedAndTheOverrideNamed() throws Exception {
        Path mountPoint = Files.createDirectory(root.resolve("noexec"));
        List<String> inNoexecMount = List.of("unshare", "--mount", "--map-root-user", "sh", "-c",
                "mount -t tmpfs -o noexec tmpfs \"$0\" && exec \"$@\"", mountPoint.toString());
        List<String> probe = new ArrayList<>(inNoexecMount);
        probe.addAll(List.of("grep", "-q", " " + mountPoint + " .*noexec", "/proc/self/mountinfo"));
        assumeTrue(ChildJvm.finish(ChildJvm.start(probe)).exitCode() == 0, "cannot mount a noexec tmpfs here");

        List<String> command = new ArrayList<>(inNoexecMount);
        command.addAll(ChildJvm.mainCommand(withNativeAccess("-Djnibuffer.tmpdir=" + mountPoint), LoadGlue.class));
        ChildJvm.Result result = ChildJvm.finish(ChildJvm.start(command));
        String out = result.output();
        assertAll(
                () -> assertEquals(1, result.exitCode(), result::toString),
                () -> assertTrue(out.contains("failed to map segment from shared object"), out),
                () -> assertTrue(out.contains("is most likely on a file system mounted noexec"), out),
                () -> assertTrue(out.contains("-Djnibuffer.tmpdir=<directory>"), out));
    }

    /** A CPU the jar has no libraries for (the JVM is told it runs on one): one error, naming both sides. */
    @Test
    void unsupportedPlatformNamesWhatWasDetectedAndWhatIsSupported() throws Exception {
        ChildJvm.Result result = load("-Djnibuffer.tmpdir=" + root, "-Dos.arch=sparcv9");
        String out = result.output();
        assertAll(
                () -> assertEquals(1, result.exitCode(), result::toString),
                () -> assertEquals(1, count(out, "UnsatisfiedLinkError: Could not load"), out),
                () -> assertTrue(out.contains("2. the copy bundled in the jar: it holds libraries for linux-x86_64, "
                        + "linux-aarch64, linux-arm, linux-ppc64le, linux-s390x, linux-riscv64 only, and this JVM runs "
                        + "on linux-sparcv9 (glibc) (os.name=Linux, os.arch=sparcv9)"), out),
                () -> assertTrue(out.contains("-Djnibuffer.library.path=<their directory>"), out));
        assertEquals(Set.of(), fileNames(root), "nothing is extracted for another platform");
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static void assertRefused(ChildJvm.Result result, String reason) {
        String out = result.output();
        assertAll(
                () -> assertEquals(1, result.exitCode(), result::toString),
                () -> assertTrue(out.contains("could not extract it: refusing to extract into "), out),
                () -> assertTrue(out.contains(reason), out),
                () -> assertTrue(out.contains("Delete it, or set -Djnibuffer.tmpdir="), out));
    }

    /** A directory made the way the loader makes it, for a test to plant something in first. */
    private static Path ownerOnlyDirectory(Path directory) throws IOException {
        return Files.createDirectory(directory,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Device and inode: a new file under the same name has another. */
    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static Set<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
