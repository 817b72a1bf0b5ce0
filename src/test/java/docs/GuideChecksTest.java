package docs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import docs.GuideChecks.Block;
import docs.GuideChecks.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's checks fail when they should: each rule of {@link GuideChecks}, shown on small inputs. */
class GuideChecksTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    private static List<Block> parse(String... markdown) {
        return GuideChecks.blocks("test.md", List.of(String.join("\n", markdown).split("\n", -1)));
    }

    private static Block block(String... markdown) {
        List<Block> blocks = parse(markdown);
        assertEquals(1, blocks.size(), blocks::toString);
        return blocks.get(0);
    }

    // --- reading Markdown -----------------------------------------------------------------------------------------

    @Test
    void readsBlocksWithTheirLineLanguageAndAttributes() {
        List<Block> blocks = parse("# Title", "", "```java", "// a.java", "int x;", "```", "text",
                "```text illustrative", "out", "```");
        assertEquals(2, blocks.size());
        assertEquals(3, blocks.get(0).line());
        assertEquals("java", blocks.get(0).language());
        assertEquals(List.of("// a.java", "int x;"), blocks.get(0).lines());
        assertTrue(blocks.get(1).illustrative());
    }

    @Test
    void aFenceIndentedInAListItemUnindentsItsLines() {
        Block block = block("1. step", "   ```sh", "   mvn test", "   ```");
        assertEquals(List.of("mvn test"), block.lines());
    }

    @Test
    void anUnclosedBlockIsAnError() {
        assertThrows(AssertionError.class, () -> parse("```sh", "mvn test"));
    }

    @Test
    void readsTheJdkATranscriptNeeds() {
        assertEquals(22, block("```console requires-jdk=22", "$ java -version", "```").requiredJdk());
        assertEquals(0, block("```console", "$ java -version", "```").requiredJdk());
    }

    // --- classifying ----------------------------------------------------------------------------------------------

    @Test
    void classifiesByMarkerPromptAndAttribute() {
        assertEquals(Kind.SOURCE, GuideChecks.classify(block("```c", "/* jni/pointer.h */", "x", "```")));
        assertEquals(Kind.SOURCE, GuideChecks.classify(block("```cmake", "# CMakeLists.txt", "x", "```")));
        assertEquals(Kind.SOURCE, GuideChecks.classify(block("```xml", "<!-- pom.xml -->", "x", "```")));
        assertEquals(Kind.TRANSCRIPT, GuideChecks.classify(block("```console", "$ nm -D x.so", "```")));
        assertEquals(Kind.ILLUSTRATIVE, GuideChecks.classify(block("```text illustrative", "# SIGSEGV", "```")));
        assertEquals(Kind.PLAIN, GuideChecks.classify(block("```sh", "# run everything", "mvn test", "```")));
    }

    @Test
    void sourceWithoutAMarkerFails() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> GuideChecks.classify(block("```java", "buffer.fill();", "```")));
        assertTrue(error.getMessage().contains("must start with a comment naming its source file"), error::getMessage);
    }

    @Test
    void codeThatLooksLikeSourceInAnotherLanguageFails() {
        assertThrows(AssertionError.class, () -> GuideChecks.classify(
                block("```text", "public static void main(String[] args) {", "```")));
        assertThrows(AssertionError.class, () -> GuideChecks.classify(block("```", "#include <jni.h>", "```")));
        assertThrows(AssertionError.class, () -> GuideChecks.classify(
                block("```text illustrative", "    (*env)->ThrowNew(env, cls, message);", "```")));
        assertThrows(AssertionError.class, () -> GuideChecks.classify(
                block("```sh", "add_library(demo_lib SHARED src/demo_lib.c)", "```")));
    }

    @Test
    void examplesAreCompiledAndAWrongOneFails() throws Exception {
        Block good = block("```c example", "#include <jni.h>", "JNIEXPORT jint JNICALL f(JNIEnv *env) { (void)env; return 1; }", "```");
        assertEquals(Kind.EXAMPLE, GuideChecks.classify(good));
        GuideChecks.compileExample(good);
        AssertionError error = assertThrows(AssertionError.class, () -> GuideChecks.compileExample(block("```c example",
                "#include <jni.h>", "jint f(JNIEnv *env) { return (*env)->NoSuchFunction(env); }", "```")));
        assertTrue(error.getMessage().contains("does not compile"), error::getMessage);
        GuideChecks.compileExample(block("```java example", "final class Example { int x() { return 1; } }", "```"));
        assertThrows(AssertionError.class, () -> GuideChecks.compileExample(
                block("```java example", "final class Example { int x() { return \"1\"; } }", "```")));
        assertThrows(AssertionError.class, () -> GuideChecks.classify(block("```cmake example", "x", "```")));
    }

    @Test
    void sourceCannotBeIllustrative() {
        assertThrows(AssertionError.class, () -> GuideChecks.classify(
                block("```java illustrative", "// src/main/java/io/github/jnibuffer/Buffer.java", "x", "```")));
    }

    @Test
    void aBlockNeedsALanguage() {
        assertThrows(AssertionError.class, () -> GuideChecks.classify(block("```", "hello", "```")));
    }

    @Test
    void markersNameFilesOnlyAndElisionsAreNotMarkers() {
        assertEquals("jni/pointer.h", GuideChecks.markedPath("/* jni/pointer.h */"));
        assertEquals("CMakeLists.txt", GuideChecks.markedPath("# CMakeLists.txt"));
        assertEquals("$JAVA_HOME/include/jni.h", GuideChecks.markedPath("/* $JAVA_HOME/include/jni.h */"));
        assertNull(GuideChecks.markedPath("// ..."));
        assertNull(GuideChecks.markedPath("# all benchmarks"));
        assertNull(GuideChecks.markedPath("#endif"));
        assertNull(GuideChecks.markedPath("// e.g."));
    }

    // --- source snippets ------------------------------------------------------------------------------------------

    @Test
    void aSnippetMatchesItsFileWhateverItsIndentation() throws IOException {
        GuideChecks.checkSource(block("```c", "/* c_lib/src/demo_lib.c */",
                "if (size <= 0) {", "    return NULL;", "}", "```"), PROJECT);
    }

    @Test
    void aSnippetWhoseLineChangedFailsAndSaysWhere() {
        AssertionError error = assertThrows(AssertionError.class, () -> GuideChecks.checkSource(block("```c",
                "/* c_lib/src/demo_lib.c */", "char *allocate_buffer(int size)", "{", "    if (size < 0) {", "```"),
                PROJECT));
        assertTrue(error.getMessage().contains("if (size < 0) {"), error::getMessage);
        assertTrue(error.getMessage().contains("if (size <= 0) {"), error::getMessage);
        assertTrue(error.getMessage().contains("test.md:1"), error::getMessage);
    }

    @Test
    void relativeIndentationMatters() {
        assertThrows(AssertionError.class, () -> GuideChecks.checkSource(block("```c",
                "/* c_lib/src/demo_lib.c */", "if (size <= 0) {", "return NULL;", "}", "```"), PROJECT));
    }

    @Test
    void elidedRunsMustAppearInOrder() throws IOException {
        GuideChecks.checkSource(block("```c", "/* c_lib/src/demo_lib.c */", "char *allocate_buffer(int size)",
                "/* ... */", "int free_buffer(char *buffer)", "```"), PROJECT);
        assertThrows(AssertionError.class, () -> GuideChecks.checkSource(block("```c", "/* c_lib/src/demo_lib.c */",
                "int free_buffer(char *buffer)", "/* ... */", "char *allocate_buffer(int size)", "```"), PROJECT));
    }

    @Test
    void aSnippetOfAMissingFileFails() {
        AssertionError error = assertThrows(AssertionError.class, () -> GuideChecks.checkSource(
                block("```c", "/* jni/no_such_file.c */", "x", "```"), PROJECT));
        assertTrue(error.getMessage().contains("does not exist"), error::getMessage);
    }

    @Test
    void emptyRunsAreRejected() {
        assertThrows(AssertionError.class, () -> GuideChecks.checkSource(
                block("```c", "/* c_lib/src/demo_lib.c */", "/* ... */", "free(buffer);", "```"), PROJECT));
    }

    @Test
    void aSnippetCanQuoteTheJdkHeaders() throws IOException {
        GuideChecks.checkSource(block("```c", "/* $JAVA_HOME/include/jni.h */", "typedef jint            jsize;",
                "```"), PROJECT);
    }

    /** The property the guide promises: change any line of any snippet in docs/ and its check fails. */
    @Test
    void everySnippetInTheGuideFailsOnceOneOfItsLinesDrifts() throws IOException {
        List<Block> snippets = new ArrayList<>();
        try (Stream<Path> pages = Files.list(PROJECT.resolve("docs"))) {
            for (Path page : pages.filter(path -> path.toString().endsWith(".md")).collect(Collectors.toList())) {
                List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
                GuideChecks.blocks(page.getFileName().toString(), lines).stream()
                        .filter(block -> GuideChecks.classify(block) == Kind.SOURCE).forEach(snippets::add);
            }
        }
        assertFalse(snippets.isEmpty());
        for (Block snippet : snippets) {
            assertDoesNotThrow(() -> GuideChecks.checkSource(snippet, PROJECT), snippet.where());
            for (int line : List.of(1, snippet.lines().size() - 1)) {
                List<String> drifted = new ArrayList<>(snippet.lines());
                drifted.set(line, drifted.get(line) + " /* drifted */");
                Block changed = new Block(snippet.file(), snippet.line(), snippet.language(), snippet.attributes(),
                        drifted);
                assertThrows(AssertionError.class, () -> GuideChecks.checkSource(changed, PROJECT),
                        snippet.where() + " still passes with line " + line + " changed");
            }
        }
    }

    // --- transcripts ----------------------------------------------------------------------------------------------

    @Test
    void splitsATranscriptIntoCommandsAndTheirOutput() {
        List<GuideChecks.Command> commands = GuideChecks.commands(block("```console", "$ nm -D a.so", "T f",
                "$ readelf -d a.so", "RUNPATH", "```"));
        assertEquals(2, commands.size());
        assertEquals("nm -D a.so", commands.get(0).commandLine());
        assertEquals(List.of("T f"), commands.get(0).expectedOutput());
    }

    @Test
    void commandsTheTestCannotRunAreRejected() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> GuideChecks.commands(block("```console", "$ mvn test", "BUILD SUCCESS", "```")));
        assertTrue(error.getMessage().contains("cannot run `mvn`"), error::getMessage);
    }

    @Test
    void outputMustMatchLineForLine() {
        List<String> actual = List.of("", "== 1. Title", "It works.", "Done.", "");
        assertNull(GuideChecks.outputMismatch(List.of("== 1. Title", "It works.", "Done."), actual));
        assertTrue(GuideChecks.outputMismatch(List.of("== 1. Title", "It worked.", "Done."), actual) != null);
        assertTrue(GuideChecks.outputMismatch(List.of("== 1. Title", "Done."), actual) != null, "a skipped line");
        assertTrue(GuideChecks.outputMismatch(List.of("== 1. Title", "It works."), actual) != null, "an early end");
        assertTrue(GuideChecks.outputMismatch(List.of("It works.", "Done."), actual) != null, "a late start");
    }

    @Test
    void whitespaceRunsCountAsOneSpace() {
        assertNull(GuideChecks.outputMismatch(List.of("  T  allocate_buffer"), List.of("T\tallocate_buffer  ")));
    }

    @Test
    void theWildcardStandsForCharactersOrLines() {
        List<String> actual = List.of("start", "holds 0x7f323415d1b0. Nothing marks it dead", "a", "b", "end");
        assertNull(GuideChecks.outputMismatch(List.of("start", "holds 0x…. Nothing marks it dead", "…", "end"),
                actual));
        assertNull(GuideChecks.outputMismatch(List.of("…", "b", "end"), actual));
        assertNull(GuideChecks.outputMismatch(List.of("start", "…"), actual));
        assertNull(GuideChecks.outputMismatch(List.of("…", "a", "…"), actual));
        assertTrue(GuideChecks.outputMismatch(List.of("…", "b", "a", "…"), actual) != null, "order matters");
        assertTrue(GuideChecks.outputMismatch(List.of("holds 0x….", "…"), actual) != null);
    }

    @Test
    void emptyExpectedOutputMeansTheCommandPrintsNothing() {
        assertNull(GuideChecks.outputMismatch(List.of(), List.of("", "")));
        assertTrue(GuideChecks.outputMismatch(List.of(), List.of("WARNING: something")) != null);
    }

    // --- references in the prose ----------------------------------------------------------------------------------

    @Test
    void namedTestsAndFilesMustExist() throws IOException {
        assertEquals(List.of(), GuideChecks.referenceProblems("t.md", "Proved by `OwnershipTest.closeTwiceFreesOnce`, "
                + "`ThreadConfinementTest.Shared.anyThreadMayCloseIt`, `LifetimeTest` and `jni/pointer.h`.",
                PROJECT));
        assertEquals(1, GuideChecks.referenceProblems("t.md", "`OwnershipTest.closeThriceFreesOnce`", PROJECT).size());
        assertEquals(1, GuideChecks.referenceProblems("t.md", "`ThreadConfinementTest.Pooled.anyThreadMayCloseIt`",
                PROJECT).size());
        assertEquals(1, GuideChecks.referenceProblems("t.md", "`NoSuchTest`", PROJECT).size());
        assertEquals(1, GuideChecks.referenceProblems("t.md", "`jni/no_such_file.c`", PROJECT).size());
        assertEquals(List.of(), GuideChecks.referenceProblems("t.md", "`io/github/jnibuffer` and `/usr/lib`", PROJECT),
                "only paths under the project's own top-level directories are checked");
    }

    @Test
    void relativeLinksMustResolve(@TempDir Path directory) throws IOException {
        Path page = directory.resolve("page.md");
        Files.writeString(directory.resolve("there.md"), "# 2. The `*UND*` part: here\n\n## Part\n");
        assertEquals(List.of(), GuideChecks.linkProblems(page,
                "# Own heading\n[a](there.md#part) [b](https://example.org) [c](#own-heading) "
                        + "[d](there.md#2-the-und-part-here)"));
        assertEquals(1, GuideChecks.linkProblems(page, "[a](missing.md)").size());
        assertEquals(1, GuideChecks.linkProblems(page, "[a](there.md#no-such-part)").size());
        assertEquals(1, GuideChecks.linkProblems(page, "[a](#nowhere)").size());
    }
}
