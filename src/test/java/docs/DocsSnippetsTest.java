package docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The guide cannot drift from the code: every code block of every page in {@code docs/} is checked by the rules of
 * {@link GuideChecks} (written out for authors in {@code CONTRIBUTING.md}). Source snippets must still be
 * in their files, quoted outputs must still be what the commands print, and tests and files named in the prose
 * must still exist. One dynamic test per block, named after its page and line.
 *
 * <p>Runs in surefire after compile, so {@code target/classes}, {@code target/test-classes} and {@code target/native}
 * exist. Transcripts that need a newer JDK ({@code requires-jdk=22}) are skipped on older ones; CI runs both.
 */
class DocsSnippetsTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path DOCS = PROJECT.resolve("docs");
    /** Several blocks may quote parts of one command's output: run each command once. */
    private static final Map<String, List<String>> OUTPUTS = new ConcurrentHashMap<>();

    @TestFactory
    Stream<DynamicNode> everyPageOfTheGuide() throws IOException {
        List<Path> pages;
        try (Stream<Path> files = Files.list(DOCS)) {
            pages = files.filter(path -> path.toString().endsWith(".md")).sorted().collect(Collectors.toList());
        }
        assertFalse(pages.isEmpty(), "no Markdown pages in " + DOCS);
        assertTrue(pages.contains(DOCS.resolve("README.md")), "docs/README.md, the guide's index, is missing");
        return pages.stream().map(DocsSnippetsTest::checksOf);
    }

    private static DynamicNode checksOf(Path page) {
        String name = page.getFileName().toString();
        List<DynamicNode> checks = new ArrayList<>();
        String text;
        List<GuideChecks.Block> blocks;
        try {
            text = Files.readString(page, StandardCharsets.UTF_8);
            blocks = GuideChecks.blocks(name, text.lines().collect(Collectors.toList()));
        } catch (IOException | AssertionError e) {
            return dynamicTest(name, () -> fail("cannot read " + page, e));
        }
        for (GuideChecks.Block block : blocks) {
            checks.add(dynamicTest(label(block), page.toUri(), () -> check(block)));
        }
        checks.add(dynamicTest(name + ": tests and files named in the prose exist", () -> {
            List<String> problems = GuideChecks.referenceProblems(name, text, PROJECT);
            assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        }));
        checks.add(dynamicTest(name + ": relative links and their anchors resolve", () -> {
            List<String> problems = GuideChecks.linkProblems(page, text);
            assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        }));
        return dynamicContainer(name, page.toUri(), checks.stream());
    }

    private static String label(GuideChecks.Block block) {
        String first = block.lines().isEmpty() ? "" : block.lines().get(0).trim();
        if (first.length() > 90) {
            first = first.substring(0, 90) + "…";
        }
        return block.where() + " (" + block.language()
                + (block.illustrative() ? ", illustrative" : block.example() ? ", example" : "") + "): " + first;
    }

    private static void check(GuideChecks.Block block) throws Exception {
        switch (GuideChecks.classify(block)) {
            case SOURCE -> GuideChecks.checkSource(block, PROJECT);
            case TRANSCRIPT -> checkTranscript(block);
            case EXAMPLE -> {
                int required = block.requiredJdk();
                Assumptions.assumeTrue(Runtime.version().feature() >= required,
                        () -> block.where() + " needs JDK " + required + "+; this is JDK " + Runtime.version().feature());
                GuideChecks.compileExample(block);
            }
            case ILLUSTRATIVE, PLAIN -> { } // nothing to compare; classify() already applied the rules
        }
    }

    private static void checkTranscript(GuideChecks.Block block) throws Exception {
        int required = block.requiredJdk();
        Assumptions.assumeTrue(Runtime.version().feature() >= required,
                () -> block.where() + " needs JDK " + required + "+; this is JDK " + Runtime.version().feature());
        for (GuideChecks.Command command : GuideChecks.commands(block)) {
            List<String> output = OUTPUTS.get(command.commandLine());
            if (output == null) {
                output = GuideChecks.run(command.commandLine(), PROJECT);
                OUTPUTS.put(command.commandLine(), output);
            }
            String mismatch = GuideChecks.outputMismatch(command.expectedOutput(), output);
            if (mismatch != null) {
                fail(block.where() + ": `" + command.commandLine() + "`: " + mismatch);
            }
        }
    }
}
