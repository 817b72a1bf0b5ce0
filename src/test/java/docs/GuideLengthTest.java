package docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The main path of the guide stays short: parts 1 to 8 ({@code docs/0[1-8]-*.md}) hold at most {@link #LIMIT} words
 * of prose, counted outside fenced code blocks, and {@code docs/README.md} gives their reading time. Appendices and
 * the other pages are not counted.
 */
class GuideLengthTest {
    static final int LIMIT = 9_000;
    /** Reading speed for technical prose, words a minute. */
    static final int WORDS_PER_MINUTE = 200;

    private static final Pattern FENCE = Pattern.compile("^ {0,3}```.*$");
    private static final Pattern READING_TIME =
            Pattern.compile("Parts 1 to 8 take about (\\d+) minutes to read");

    /** Words of prose: whitespace-separated tokens outside fenced code blocks. */
    static int proseWords(String markdown) {
        int words = 0;
        boolean inBlock = false;
        for (String line : markdown.split("\n", -1)) {
            if (FENCE.matcher(line).matches()) {
                inBlock = !inBlock;
            } else if (!inBlock && !line.isBlank()) {
                words += line.trim().split("\\s+").length;
            }
        }
        return words;
    }

    /** The words of each main part, in order. */
    static Map<String, Integer> mainParts() throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            for (Path page : pages.filter(p -> p.getFileName().toString().matches("0[1-8]-.*\\.md")).sorted()
                    .collect(Collectors.toList())) {
                counts.put(page.getFileName().toString(), proseWords(Files.readString(page, StandardCharsets.UTF_8)));
            }
        }
        return counts;
    }

    /** Null if the parts fit the limit, otherwise a message with the count of each part. */
    static String overLimit(Map<String, Integer> parts) {
        int total = parts.values().stream().mapToInt(Integer::intValue).sum();
        if (total <= LIMIT) {
            return null;
        }
        return "parts 1 to 8 hold " + total + " words of prose, more than " + LIMIT + ": " + parts
                + ". Shorten them, or move a deep dive to an appendix.";
    }

    @Test
    void partsOneToEightHoldAtMostNineThousandWordsOfProse() throws IOException {
        Map<String, Integer> parts = mainParts();
        assertEquals(8, parts.size(), () -> "expected parts 01 to 08, found " + parts.keySet());
        String problem = overLimit(parts);
        assertNull(problem, problem);
    }

    @Test
    void theIndexGivesTheReadingTimeOfTheMainParts() throws IOException {
        int total = mainParts().values().stream().mapToInt(Integer::intValue).sum();
        String index = Files.readString(Path.of("docs", "README.md"), StandardCharsets.UTF_8);
        Matcher stated = READING_TIME.matcher(index);
        assertTrue(stated.find(), "docs/README.md must say \"Parts 1 to 8 take about N minutes to read\"");
        int minutes = Math.round((float) total / WORDS_PER_MINUTE);
        assertTrue(Math.abs(Integer.parseInt(stated.group(1)) - minutes) <= 3, () -> "docs/README.md says "
                + stated.group(1) + " minutes; " + total + " words at " + WORDS_PER_MINUTE + " a minute are " + minutes);
    }

    // --- the counter and the limit can fail ------------------------------------------------------------------------

    @Test
    void codeBlocksDoNotCount() {
        assertEquals(3, proseWords("one two\n```java\nint not counted;\n```\nthree\n"));
        assertEquals(3, proseWords("- a list\n   ```sh\n   mvn test\n   ```\n"));
    }

    @Test
    void aGuideOverTheLimitFails() {
        String page = String.join(" ", java.util.Collections.nCopies(LIMIT + 1, "word"));
        Map<String, Integer> parts = Map.of("01-long.md", proseWords(page));
        assertNotNull(overLimit(parts));
        assertNull(overLimit(Map.of("01-short.md", LIMIT)));
    }
}
