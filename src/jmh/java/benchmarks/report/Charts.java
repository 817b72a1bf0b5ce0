package benchmarks.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Draws three bar charts (16 B fills, 1 MiB fills, lifecycle) stacked into one PNG. */
final class Charts {
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 460;

    private Charts() {}

    static void write(Results results, Path png) throws IOException {
        List<BufferedImage> panels = new ArrayList<>();
        panel(panels, "Fill 16 B (ns/op, lower is better)", 1, rows(results, 16));
        panel(panels, "Fill 1 MiB (µs/op, lower is better)", 1000, rows(results, 1 << 20));
        panel(panels, "Allocate + fill 16 B + free (ns/op, lower is better)", 1,
                results.group("LifecycleBenchmark", 16));
        int height = panels.stream().mapToInt(BufferedImage::getHeight).sum();
        BufferedImage image = new BufferedImage(WIDTH, Math.max(height, 1), BufferedImage.TYPE_INT_RGB);
        int y = 0;
        for (BufferedImage panel : panels) {
            image.getGraphics().drawImage(panel, 0, y, null);
            y += panel.getHeight();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    /** The fills of one size from every group, named group:method so the origin of each bar is clear. */
    private static List<Result> rows(Results results, int size) {
        List<Result> rows = new ArrayList<>();
        for (String group : List.of("FillBenchmark", "CallerOwnedFillBenchmark", "C")) {
            rows.addAll(results.group(group, size));
        }
        rows.sort((a, b) -> Double.compare(a.score(), b.score()));
        return rows;
    }

    private static void panel(List<BufferedImage> panels, String title, double divisor, List<Result> rows) {
        if (rows.isEmpty()) {
            return;
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(40);
        chart.getStyler().setChartTitleBoxVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setDecimalPattern("#,##0.#");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Result row : rows) {
            names.add(shortGroup(row.group()) + row.name());
            values.add(row.score() / divisor);
        }
        chart.addSeries("score", names, values);
        panels.add(BitmapEncoder.getBufferedImage(chart));
    }

    private static String shortGroup(String group) {
        return switch (group) {
            case "CallerOwnedFillBenchmark" -> "callerOwned.";
            case "C" -> "";
            default -> "";
        };
    }
}
