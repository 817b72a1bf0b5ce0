package io.github.jnibuffer.internal.loading;

import static io.github.jnibuffer.internal.loading.Loading.DEMO_LIB;
import static io.github.jnibuffer.internal.loading.Loading.GLUE;
import static io.github.jnibuffer.internal.loading.Loading.GUARD;
import static io.github.jnibuffer.internal.loading.Loading.UID;
import static io.github.jnibuffer.internal.loading.Loading.assertSameAsBundled;
import static io.github.jnibuffer.internal.loading.Loading.extractionDirectory;
import static io.github.jnibuffer.internal.loading.Loading.giveToNobody;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Naming the extraction directory per user, and what happens when another user holds the name: called in this JVM,
 * without loading anything (ExtractionTest loads in child JVMs). Giving a directory to another user takes root;
 * where the tests do not run as root, those cases are skipped, saying so.
 */
class ExtractorTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path root;

    @Test
    void theUidIsTheOwnerOfAFileTheProcessCreatesAndTheFileIsDeleted() throws Exception {
        assertEquals(UID, FileOwner.ofThisProcess(root));
        assertEquals(Set.of(), fileNames(root));
    }

    @Test
    void eachUserHasADirectoryNameOfItsOwn() throws Exception {
        BundledLibraries bundle = bundle();
        String forRoot = bundle.directoryName(0);
        assertAll(
                () -> assertTrue(forRoot.matches("jni-buffer-.+-[0-9a-f]{16}-uid0"), forRoot),
                () -> assertEquals(forRoot.replace("-uid0", "-uid65534"), bundle.directoryName(NOBODY)),
                () -> assertEquals(forRoot.replace("-uid0", "-uid4294967294"), bundle.directoryName(-2),
                        "uids are unsigned"));
    }

    @Test
    void extractsIntoThisUsersDirectoryAndKeepsIt() throws Exception {
        Extraction extraction = Extractor.extract(bundle(), root);
        Path directory = extractionDirectory(root);
        assertAll(
                () -> assertEquals(directory, extraction.directory()),
                () -> assertTrue(directory.getFileName().toString().endsWith("-uid" + UID), directory::toString),
                () -> assertFalse(extraction.throwaway()));
        extraction.deleteIfThrowaway();
        assertEquals(Set.of(GLUE, DEMO_LIB, GUARD), fileNames(directory), "this user's directory is kept for the next run");
    }

    @Test
    void whenAnotherUserHoldsTheNameAFreshPrivateDirectoryIsUsedThenDeleted() throws Exception {
        Path taken = Files.createDirectory(extractionDirectory(root),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        giveToNobody(taken);

        Extraction first = Extractor.extract(bundle(), root);
        Extraction second = Extractor.extract(bundle(), root);
        Path directory = first.directory();
        assertAll(
                () -> assertTrue(first.throwaway()),
                () -> assertEquals(root, directory.getParent()),
                () -> assertTrue(directory.getFileName().toString().matches(
                        java.util.regex.Pattern.quote(taken.getFileName() + "-") + "\\d+"), directory::toString),
                () -> assertNotEquals(directory, second.directory(), "each run gets a name of its own"),
                () -> assertEquals(UID, FileOwner.of(directory)),
                () -> assertEquals("rwx------", permissions(directory)),
                () -> assertSameAsBundled(directory.resolve(GLUE)),
                () -> assertSameAsBundled(directory.resolve(DEMO_LIB)),
                () -> assertEquals(NOBODY, FileOwner.of(taken), "the other user's directory is left as it was"),
                () -> assertEquals(Set.of(), fileNames(taken)));
        first.deleteIfThrowaway();
        second.deleteIfThrowaway();
        assertEquals(Set.of(taken.getFileName().toString()), fileNames(root), "nothing piles up");
    }

    /** The classic /tmp attack: a link under the victim's name, to a directory the attacker wants written to. */
    @Test
    void anotherUsersSymbolicLinkUnderTheNameIsNeitherFollowedNorInTheWay() throws Exception {
        Path elsewhere = Files.createDirectory(root.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(extractionDirectory(root), elsewhere);
        giveToNobody(link);

        Extraction extraction = Extractor.extract(bundle(), root);
        assertAll(
                () -> assertTrue(extraction.throwaway()),
                () -> assertNotEquals(link, extraction.directory()),
                () -> assertSameAsBundled(extraction.directory().resolve(GLUE)),
                () -> assertEquals(Set.of(), fileNames(elsewhere), "nothing was written through the link"));
        extraction.deleteIfThrowaway();
    }

    /**
     * Child JVM entry point: prints {@code demoLib=<path> exists=<whether the file is there>}, as the Panama
     * counterpart finds it before loading it itself.
     */
    public static final class LocateDemoLib {
        public static void main(String[] args) {
            Path demoLib = NativeLibrary.locateDemoLib();
            System.out.println("demoLib=" + demoLib + " exists=" + Files.isRegularFile(demoLib));
        }
    }

    /** The Panama side opens the file after the loader returned: a private directory lasts until the JVM exits. */
    @Test
    void aPrivateDirectoryForThePanamaSideLastsUntilTheJvmExits() throws Exception {
        Path taken = Files.createDirectory(extractionDirectory(root));
        giveToNobody(taken);
        ChildJvm.Result result = ChildJvm.runMain(Loading.withNativeAccess("-Djnibuffer.tmpdir=" + root),
                LocateDemoLib.class);
        String line = result.output().lines().filter(l -> l.startsWith("demoLib=")).findFirst()
                .orElseThrow(() -> new AssertionError("no line 'demoLib=...' in\n" + result));
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(line.startsWith("demoLib=" + taken + "-"), line),
                () -> assertTrue(line.endsWith(DEMO_LIB + " exists=true"), line),
                () -> assertEquals(Set.of(taken.getFileName().toString()), fileNames(root),
                        "the private directory is deleted when the JVM exits"));
    }

    private static BundledLibraries bundle() throws IOException {
        return BundledLibraries.read(Platform.current());
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
