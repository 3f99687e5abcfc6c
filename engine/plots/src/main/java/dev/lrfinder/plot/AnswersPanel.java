package dev.lrfinder.plot;

import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.Method;
import dev.lrfinder.analysis.MethodStatistics;
import dev.lrfinder.analysis.Recommendation;
import dev.lrfinder.analysis.Suggestion;
import dev.lrfinder.report.AnalyzedRun;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The panel under the curves: each method's answer in each run, a row per method and a dot per run
 * in the run's colour, on the curves' lr axis, with the geometric mean of the runs as a black bar
 * and the recommendation as the red dashed line. It shows what one number cannot: how far the runs
 * scatter, and whether the methods agree.
 */
final class AnswersPanel {
    /** Pixels per method row. */
    static final int ROW_PX = 26;
    /** Pixels for the title, the x axis and its labels. */
    private static final int FRAME_PX = 90;
    /** How far apart, in rows, the runs' dots of one method sit, so that equal answers stay visible. */
    private static final double RUN_OFFSET_ROWS = 0.12;

    private AnswersPanel() {
    }

    /** The panel's height for {@code methods} rows. */
    static int heightPx(int methods) {
        return FRAME_PX + ROW_PX * Math.max(1, methods);
    }

    /**
     * The panel.
     *
     * @param runs the runs, in their colours' order
     * @param methods the rows, top to bottom
     * @param style sets the panel's look as the curve panel's
     */
    static XYChart of(List<AnalyzedRun> runs, AggregateSummary aggregate, List<Method> methods, double xMin, double xMax,
            Color[] runColors, java.util.function.Consumer<XYChart> style) {
        XYChart chart = new XYChart(CurvePlot.WIDTH_PX, heightPx(methods.size()));
        style.accept(chart);
        chart.setTitle("");
        chart.setXAxisTitle("learning rate (log scale)");
        chart.setYAxisTitle(runs.size() > 1 ? "each run's answer" : "the run's answer");
        var styler = chart.getStyler();
        styler.setChartTitleVisible(false);
        styler.setPlotGridHorizontalLinesVisible(false);
        styler.setXAxisMin(xMin);
        styler.setXAxisMax(xMax);
        int rows = methods.size();
        styler.setYAxisMin(-0.6);
        styler.setYAxisMax(rows - 0.4);
        // Ticks at most a row apart fall on every row (XChart's steps of 1, 2 or 5 x 10^k divide 1).
        styler.setYAxisTickMarkSpacingHint(ROW_PX - 6);
        Recommendation rec = aggregate.recommendation();
        chart.setCustomYAxisTickLabelsFormatter(v -> {
            long row = Math.round(v);
            if (Math.abs(v - row) > 1e-6 || row < 0 || row >= rows) {
                // Invisible but unique: XChart widens its tick step until no two tick labels read
                // the same (for ever, if they always do), and lays out no ticks when the axis's two
                // ends read the same. Zero-width spaces, as many as the tick's place on an 1/8 grid.
                return "\u200B".repeat((int) Math.max(0, Math.min(4096, Math.round((v + 2) * 8) + 1)));
            }
            Method m = methods.get((int) (rows - 1 - row));
            return m.id() + (rec.isPresent() && m == rec.method() ? " *" : "");
        });
        List<String> names = AnalyzedRun.uniqueSources(runs.stream().map(AnalyzedRun::source).toList());
        for (int r = 0; r < runs.size(); r++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            double offset = (r - (runs.size() - 1) / 2.0) * RUN_OFFSET_ROWS * Math.min(1, 5.0 / runs.size());
            for (int i = 0; i < rows; i++) {
                Suggestion s = runs.get(r).analysis().suggestion(methods.get(i));
                if (s != null && s.isPresent()) {
                    xs.add(s.lr());
                    ys.add(rows - 1 - i + offset);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(names.get(r), xs, ys);
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(runColors[r % runColors.length]);
        }
        if (runs.size() > 1) {
            boolean first = true;
            for (int i = 0; i < rows; i++) {
                MethodStatistics stats = aggregate.methods().get(methods.get(i));
                if (stats == null || stats.suggested() == 0) {
                    continue;
                }
                double gm = stats.geometricMean();
                int row = rows - 1 - i;
                XYSeries bar = chart.addSeries(first ? "geometric mean" : "geometric mean of " + methods.get(i).id(),
                        new double[] {gm, gm}, new double[] {row - 0.38, row + 0.38});
                bar.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
                bar.setLineColor(Color.BLACK);
                bar.setLineStyle(SeriesLines.SOLID);
                bar.setLineWidth(2.4f);
                bar.setMarker(SeriesMarkers.NONE);
                bar.setShowInLegend(first);
                first = false;
            }
        }
        if (rec.isPresent()) {
            chart.addAnnotation(new AnnotationLine(rec.lr(), true, false));
            styler.setAnnotationLineColor(CurvePlot.RECOMMENDED);
            styler.setAnnotationLineStroke(CurvePlot.RECOMMENDED_STROKE);
        }
        if (chart.getSeriesMap().isEmpty()) {
            // No method answered in any run: an empty row keeps the axis (XChart needs a series).
            XYSeries none = chart.addSeries("no answers", new double[] {xMin}, new double[] {-10});
            none.setMarker(SeriesMarkers.NONE);
            none.setShowInLegend(false);
        }
        return chart;
    }
}
