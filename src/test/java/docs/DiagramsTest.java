package docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import net.sourceforge.plantuml.code.TranscoderUtil;
import org.junit.jupiter.api.Test;

/**
 * The guide's diagrams are generated: each {@code docs/diagrams/NAME.puml} (PlantUML, with its built-in Smetana
 * layout, so no Graphviz is needed) is rendered to the committed {@code NAME.svg}, and every SVG is shown by a page
 * of the guide.
 *
 * <p>The check does not render. Rendering measures text with whatever fonts the machine has, so the same source gives
 * different bytes on a machine whose sans-serif font is another one, and fails outright on one with no fonts at all
 * (most CI containers). What does not vary is the source itself: PlantUML writes it into every SVG it renders, as a
 * compressed {@code <!--SRC=[...]-->} comment. So the check decodes that comment and compares it with the
 * {@code .puml} beside the SVG. Regenerating needs fonts; checking does not:
 * {@code ./mvnw test -Dtest=DiagramsTest -Djnibuffer.regenerateDiagrams=true}, then commit both files.
 */
class DiagramsTest {
    static final Path DIAGRAMS = Path.of("docs", "diagrams");
    private static final String REGENERATE = "jnibuffer.regenerateDiagrams";
    /** The comment PlantUML writes into each SVG: the diagram's source, deflated and encoded in its URL alphabet. */
    private static final Pattern EMBEDDED_SOURCE = Pattern.compile("<!--SRC=\\[([0-9A-Za-z_-]+)\\]-->");

    /** Renders a source to SVG with the fonts this machine has: only for regenerating, never for checking. */
    private static byte[] render(String source) throws IOException {
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        new SourceStringReader(source).outputImage(svg, new FileFormatOption(FileFormat.SVG));
        return svg.toByteArray();
    }

    /** The source PlantUML embedded in an SVG it rendered; throws if the SVG has none (not rendered by PlantUML). */
    static String embeddedSource(String svg) throws IOException {
        Matcher matcher = EMBEDDED_SOURCE.matcher(svg);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no <!--SRC=[...]--> comment: not an SVG that PlantUML rendered");
        }
        return TranscoderUtil.getDefaultTranscoder().decode(matcher.group(1));
    }

    /** Line ends and the blank lines around the text do not matter; every other character does. */
    private static String normalised(String source) {
        return source.replace("\r\n", "\n").strip();
    }

    /** Why the SVG's embedded source differs from the .puml, or null if they are the same. */
    static String mismatch(String pumlSource, String svg) throws IOException {
        String embedded;
        try {
            embedded = embeddedSource(svg);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return normalised(embedded).equals(normalised(pumlSource)) ? null
                : "it was rendered from another version of the source";
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.list(DIAGRAMS)) {
            return files.filter(f -> f.toString().endsWith(".puml")).sorted().collect(Collectors.toList());
        }
    }

    private static Path svgOf(Path source) {
        String name = source.getFileName().toString();
        return source.resolveSibling(name.substring(0, name.length() - ".puml".length()) + ".svg");
    }

    @Test
    void everyDiagramWasRenderedFromTheSourceBesideIt() throws IOException {
        List<Path> sources = sources();
        assertTrue(sources.size() >= 3, "the guide needs at least three diagrams, found " + sources);
        boolean regenerate = Boolean.getBoolean(REGENERATE);
        StringBuilder stale = new StringBuilder();
        for (Path source : sources) {
            String text = Files.readString(source, StandardCharsets.UTF_8);
            Path svg = svgOf(source);
            if (regenerate) {
                Files.write(svg, render(text));
            }
            String why = Files.exists(svg) ? mismatch(text, Files.readString(svg, StandardCharsets.UTF_8))
                    : "it is missing";
            if (why != null) {
                stale.append("\n  ").append(svg).append(": ").append(why);
            }
        }
        if (stale.length() > 0) {
            fail("Diagrams out of date:" + stale + "\nRegenerate them with ./mvnw test -Dtest=DiagramsTest -D"
                    + REGENERATE + "=true (on a machine with fonts) and commit the .svg files with their sources.");
        }
    }

    @Test
    void everyDiagramIsShownInTheGuideAndHasASource() throws IOException {
        String guide;
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            guide = pages.filter(p -> p.toString().endsWith(".md")).map(DiagramsTest::read)
                    .collect(Collectors.joining("\n"));
        }
        for (Path source : sources()) {
            String svg = svgOf(source).getFileName().toString();
            assertTrue(guide.contains("(diagrams/" + svg + ")"), "no page of the guide shows diagrams/" + svg);
        }
        try (Stream<Path> files = Files.list(DIAGRAMS)) {
            for (Path svg : files.filter(f -> f.toString().endsWith(".svg")).collect(Collectors.toList())) {
                String name = svg.getFileName().toString();
                assertTrue(Files.exists(svg.resolveSibling(name.replaceAll("\\.svg$", ".puml"))),
                        svg + " has no source: every image must be generated from a .puml beside it");
            }
        }
    }

    /** The check can fail: a one-word change to a source, or an SVG not rendered by PlantUML, is caught. */
    @Test
    void aChangedSourceOrAHandMadeImageIsCaught() throws IOException {
        Path source = sources().get(0);
        String text = Files.readString(source, StandardCharsets.UTF_8);
        String svg = Files.readString(svgOf(source), StandardCharsets.UTF_8);
        assertEquals(null, mismatch(text, svg), "the committed pair must match for this test to mean anything");
        assertNotEquals(null, mismatch(text.replaceFirst("@enduml", "title changed\n@enduml"), svg));
        assertNotEquals(null, mismatch(text, svg.replaceAll("<!--SRC=\\[[^\\]]*\\]-->", "")));
        assertThrows(IllegalArgumentException.class, () -> embeddedSource("<svg></svg>"));
    }

    private static String read(Path page) {
        try {
            return Files.readString(page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
