package docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every symptom in the troubleshooting table ("Symptoms at a glance" in part 8) is something this project can
 * print: each quoted message, split at {@code …} (any text), must occur in the project's sources or in the output
 * of a run that the guide shows (its code blocks: transcripts are rerun by {@link DocsSnippetsTest}, illustrative
 * blocks come from real runs).
 */
class TroubleshootingTableTest {
    private static final Path PAGE = Path.of("docs", "08-troubleshooting.md");
    private static final String TABLE = "## Symptoms at a glance";
    private static final List<String> SOURCE_ROOTS = List.of("src/main", "src/panama", "jni", "c_lib", "examples",
            "src/test/java"); // tests, for what they assert a run printed
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern PRINTED_BY_THE_JDK = Pattern.compile("^(?:WARNING: |(\\w+(?:Exception|Error)): )");

    /** The quoted messages of the table's first column. */
    static List<String> symptoms(String page) {
        int start = page.indexOf(TABLE);
        assertTrue(start >= 0, "part 8 has no \"" + TABLE + "\" section");
        List<String> quoted = new ArrayList<>();
        for (String line : page.substring(start).split("\n")) {
            if (line.startsWith("|") && !line.startsWith("|---") && !line.startsWith("| symptom")) {
                Matcher span = CODE_SPAN.matcher(line.split("\\|")[1]);
                while (span.find()) {
                    quoted.add(span.group(1));
                }
            }
        }
        return quoted;
    }

    /**
     * The fragments of a quoted message that are not found in the text, or an empty list. What the JDK adds when it
     * prints (a logger's {@code WARNING: }, an exception's {@code ClassName: }) is checked apart: the class name must
     * occur in the text too.
     */
    static List<String> missing(String symptom, String text) {
        List<String> missing = new ArrayList<>();
        Matcher prefix = PRINTED_BY_THE_JDK.matcher(symptom);
        if (prefix.find()) {
            if (prefix.group(1) != null && !text.contains(prefix.group(1))) {
                missing.add(prefix.group(1));
            }
            symptom = symptom.substring(prefix.end());
        }
        for (String fragment : symptom.split("…")) {
            String trimmed = fragment.strip();
            if (trimmed.length() > 2 && !text.contains(trimmed)) {
                missing.add(trimmed);
            }
        }
        return missing;
    }

    private static String everythingTheProjectCanPrint() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String root : SOURCE_ROOTS) {
            Path directory = Path.of(root);
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.filter(f -> f.toString().matches(".*\\.(java|c|h)$"))
                        .collect(Collectors.toList())) {
                    // Java string literals are split across lines with "+": join them so a message reads as printed.
                    text.append(Files.readString(file, StandardCharsets.UTF_8).replaceAll("\"\\s*\\+\\s*\"", ""))
                            .append('\n');
                }
            }
        }
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).collect(Collectors.toList())) {
                for (GuideChecks.Block block : GuideChecks.blocks(page.toString(), read(page))) {
                    text.append(String.join("\n", block.lines())).append('\n');
                }
            }
        }
        return text.toString();
    }

    @Test
    void everySymptomInTheTableIsSomethingTheProjectCanPrint() throws IOException {
        List<String> symptoms = symptoms(Files.readString(PAGE, StandardCharsets.UTF_8));
        assertTrue(symptoms.size() >= 8, "expected the table's quoted messages, found " + symptoms);
        String printable = everythingTheProjectCanPrint();
        List<String> problems = new ArrayList<>();
        for (String symptom : symptoms) {
            List<String> missing = missing(symptom, printable);
            if (!missing.isEmpty()) {
                problems.add("`" + symptom + "`: never printed: " + missing);
            }
        }
        assertEquals(List.of(), problems, "part 8's table quotes messages the project cannot print");
    }

    @Test
    void aMessageTheCodeNeverPrintsIsCaught() {
        String printable = "throw new UnsatisfiedLinkError(\"no \" + GLUE_FILE + \" in \" + absolute);";
        assertFalse(missing("UnsatisfiedLinkError: Cannot find libdemo_jni.so …", printable).isEmpty());
        assertTrue(missing("UnsatisfiedLinkError: no … in …", printable).isEmpty());
        assertFalse(missing("NoSuchThingError: no … in …", printable).isEmpty());
        assertEquals(List.of("`WARNING: x …`"), symptoms(TABLE + "\n| symptom | cause |\n|---|---|\n"
                + "| `WARNING: x …` | y `not a symptom` |\n").stream().map(s -> "`" + s + "`").collect(Collectors.toList()));
    }

    private static List<String> read(Path page) {
        try {
            return Files.readAllLines(page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
