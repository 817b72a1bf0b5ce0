package benchmarks.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws three bar charts (16 B fills, 1 MiB fills, lifecycle) stacked into one PNG. Each bar is coloured by
 * approach ({@link Approach}), and each row that has a target carries a marker at its limit: the bar meets the
 * target if it ends below the marker.
 */
final class Charts {
    private static final int WIDTH = 1300;
    private static final int HEIGHT = 560;
    private static final String TARGET = "target limit (bar must end below)";
    private static final double LIFECYCLE_SCALE_NANOS = 1000;

    private Charts() {}

    static void write(Results results, Path png) throws IOException {
        List<BufferedImage> panels = new ArrayList<>();
        panel(panels, results, "Fill 16 B (ns/op, lower is better)", 1, rows(results, 16));
        panel(panels, results, "Fill 1 MiB (µs/op, lower is better)", 1000, rows(results, 1 << 20));
        // Rows of microseconds would flatten every bar of tens of nanoseconds: they are named in the title instead.
        List<Result> onScale = new ArrayList<>();
        List<String> offScale = new ArrayList<>();
        for (Result row : results.group("LifecycleBenchmark", 16)) {
            if (row.score() <= LIFECYCLE_SCALE_NANOS) {
                onScale.add(row);
            } else {
                offScale.add(row.name() + " " + Report.number(row.score()));
            }
        }
        panel(panels, results, "Allocate + fill 16 B + free (ns/op, lower is better)"
                + (offScale.isEmpty() ? "" : "; off the scale: " + String.join(", ", offScale)), 1, onScale);
        int height = panels.stream().mapToInt(BufferedImage::getHeight).sum();
        BufferedImage image = new BufferedImage(WIDTH, Math.max(height, 1), BufferedImage.TYPE_INT_RGB);
        int y = 0;
        for (BufferedImage panel : panels) {
            image.getGraphics().drawImage(panel, 0, y, null);
            y += panel.getHeight();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    /** The fills of one size from every group, sorted by time. */
    private static List<Result> rows(Results results, int size) {
        List<Result> rows = new ArrayList<>();
        for (String group : List.of("FillBenchmark", "CallerOwnedFillBenchmark", "C")) {
            rows.addAll(results.group(group, size));
        }
        rows.sort((a, b) -> Double.compare(a.score(), b.score()));
        return rows;
    }

    private static void panel(List<BufferedImage> panels, Results results, String title, double divisor,
            List<Result> rows) {
        if (rows.isEmpty()) {
            return;
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(40);
        chart.getStyler().setChartTitleBoxVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setDecimalPattern("#,##0.#");
        chart.getStyler().setOverlapped(true); // one bar per row: each approach is a series with gaps elsewhere

        List<String> names = new ArrayList<>();
        Map<Approach, List<Double>> bars = new EnumMap<>(Approach.class);
        List<Double> limits = new ArrayList<>();
        for (Result row : rows) {
            names.add(label(row));
            for (Approach approach : Approach.values()) {
                bars.computeIfAbsent(approach, a -> new ArrayList<>())
                        .add(Approach.of(row) == approach ? row.score() / divisor : null);
            }
            limits.add(Targets.limitNanos(results, row).map(limit -> limit / divisor).orElse(null));
        }
        for (Map.Entry<Approach, List<Double>> entry : bars.entrySet()) {
            if (entry.getValue().stream().anyMatch(value -> value != null)) {
                CategorySeries series = chart.addSeries(entry.getKey().label, names, entry.getValue());
                series.setFillColor(entry.getKey().colour);
            }
        }
        if (limits.stream().anyMatch(value -> value != null)) {
            CategorySeries series = chart.addSeries(TARGET, names, limits);
            series.setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.TRIANGLE_DOWN);
            series.setMarkerColor(Color.BLACK);
        }
        panels.add(BitmapEncoder.getBufferedImage(chart));
    }

    /** group:method for caller-owned rows, so that each bar's origin is clear; the method alone otherwise. */
    private static String label(Result row) {
        return (row.group().equals("CallerOwnedFillBenchmark") ? "callerOwned." : "") + row.name();
    }
}
