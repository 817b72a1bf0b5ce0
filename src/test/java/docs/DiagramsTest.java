package docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The guide's diagrams are generated: each {@code docs/diagrams/NAME.puml} (PlantUML, with its built-in Smetana
 * layout, so no Graphviz is needed) must render to exactly the committed {@code NAME.svg}, and every SVG must be
 * shown by a page of the guide. To regenerate after editing a source:
 * {@code ./mvnw test -Dtest=DiagramsTest -Djnibuffer.regenerateDiagrams=true}, then commit both files.
 */
@Tag("jdk-fonts") // not in the -Xcheck:jni and ASan runs: JDK 17's font scaler trips -Xcheck:jni; none of our C runs
class DiagramsTest {
    static final Path DIAGRAMS = Path.of("docs", "diagrams");
    private static final String REGENERATE = "jnibuffer.regenerateDiagrams";

    static byte[] render(String source) throws IOException {
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        new SourceStringReader(source).outputImage(svg, new FileFormatOption(FileFormat.SVG));
        return svg.toByteArray();
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
    void everyDiagramMatchesItsSource() throws IOException {
        List<Path> sources = sources();
        assertTrue(sources.size() >= 3, "the guide needs at least three diagrams, found " + sources);
        boolean regenerate = Boolean.getBoolean(REGENERATE);
        StringBuilder stale = new StringBuilder();
        for (Path source : sources) {
            byte[] rendered = render(Files.readString(source, StandardCharsets.UTF_8));
            Path svg = svgOf(source);
            if (regenerate) {
                Files.write(svg, rendered);
            } else if (!Files.exists(svg) || !Arrays.equals(rendered, Files.readAllBytes(svg))) {
                stale.append("\n  ").append(svg).append(Files.exists(svg) ? " differs from what " : " is missing for ")
                        .append(source).append(" renders");
            }
        }
        if (stale.length() > 0) {
            fail("Diagrams out of date:" + stale + "\nRegenerate them with ./mvnw test -Dtest=DiagramsTest -D"
                    + REGENERATE + "=true and commit the .svg files with their sources.");
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

    /** The comparison can fail: a one-word change to a source changes its SVG. */
    @Test
    void aChangedSourceNoLongerMatchesItsImage() throws IOException {
        Path source = sources().get(0);
        String text = Files.readString(source, StandardCharsets.UTF_8);
        byte[] committed = Files.readAllBytes(svgOf(source));
        byte[] changed = render(text.replaceFirst("@enduml", "title changed\n@enduml"));
        assertFalse(Arrays.equals(committed, changed), "a changed source rendered to the committed image");
        assertArrayEquals(committed, render(text), "rendering is not repeatable");
    }

    private static String read(Path page) {
        try {
            return Files.readString(page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
