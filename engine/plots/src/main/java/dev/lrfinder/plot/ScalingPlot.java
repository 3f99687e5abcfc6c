package dev.lrfinder.plot;

import dev.lrfinder.analysis.PowerLawFit;
import dev.lrfinder.base.Checks;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A sweep's scaling plot: the recommended learning rate against the batch size on log-log axes, for
 * one group of cells (one model and optimizer): every run's answer, each cell's recommendation, the
 * fitted power law {@code lr ~ B^a} with the two ends of its 95% interval, and the linear
 * ({@code a = 1}) and square-root ({@code a = 0.5}) rules drawn through the fit at the middle batch
 * size, so the eye sees which of them the points follow.
 */
public final class ScalingPlot {
    public static final int WIDTH_PX = 900;
    public static final int HEIGHT_PX = 600;

    private static final Color RUNS = new Color(0x1f, 0x77, 0xb4, 110);
    private static final Color CELLS = new Color(0x22, 0x22, 0x22);
    private static final Color FIT = new Color(0x1f, 0x77, 0xb4);
    private static final Color LINEAR = new Color(0xd6, 0x27, 0x28);
    private static final Color SQUARE_ROOT = new Color(0x2c, 0xa0, 0x2c);
    /** Points along each line: enough for a straight line on log axes, and its ends. */
    private static final int LINE_POINTS = 24;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final XYChart chart;
    private final SvgText svgText;

    private ScalingPlot(XYChart chart, SvgText svgText) {
        this.chart = chart;
        this.svgText = svgText;
    }

    /**
     * Draws one group.
     *
     * @param title the group, e.g. {@code mlp, adam}
     * @param runBatchSizes the batch size of each run's answer
     * @param runLrs each run's answer (the recommendation's method), one per batch size
     * @param cellBatchSizes the batch size of each cell
     * @param cellLrs each cell's recommended rate
     * @param fit the power law fitted to the runs' answers
     */
    public static ScalingPlot of(String title, double[] runBatchSizes, double[] runLrs, double[] cellBatchSizes,
            double[] cellLrs, PowerLawFit fit) {
        if (runLrs.length == 0 || runLrs.length != runBatchSizes.length || cellLrs.length != cellBatchSizes.length) {
            throw Checks.invalid("runLrs", runLrs.length + " values", "at least 1, one per batch size");
        }
        SvgText svgText = new SvgText();
        XYChart chart = new XYChart(WIDTH_PX, HEIGHT_PX);
        chart.setTitle(title);
        chart.setXAxisTitle("batch size (log scale)");
        chart.setYAxisTitle("recommended learning rate (log scale)");
        XYStyler style = PlotStyle.apply(chart, svgText, 14);
        style.setXAxisLogarithmic(true);
        style.setYAxisLogarithmic(true);
        style.setLegendPosition(Styler.LegendPosition.InsideNW);
        style.setMarkerSize(8);

        double bMin = Arrays.stream(runBatchSizes).min().orElseThrow();
        double bMax = Arrays.stream(runBatchSizes).max().orElseThrow();
        double pad = Math.pow(bMax / bMin, 0.08) * 1.05;
        double[] b = logSpaced(bMin / pad, bMax * pad);
        style.setXAxisMin(b[0]);
        style.setXAxisMax(b[b.length - 1]);

        XYSeries runs = chart.addSeries("runs' answers", runBatchSizes, runLrs);
        runs.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        runs.setMarker(SeriesMarkers.CIRCLE);
        runs.setMarkerColor(RUNS);
        if (cellLrs.length > 0) {
            XYSeries cells = chart.addSeries("cells' recommendation", cellBatchSizes, cellLrs);
            cells.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            cells.setMarker(SeriesMarkers.DIAMOND);
            cells.setMarkerColor(CELLS);
        }
        // The rules pass through the fit at the geometric middle of the batch sizes.
        double middle = Math.sqrt(bMin * bMax);
        double at = fit.lrAt(middle);
        line(chart, "fit: lr ~ B^" + fmt(fit.exponent()), b, middle, at, fit.exponent(), FIT, 2.2f, false);
        if (Double.isFinite(fit.ciLow())) {
            line(chart, "95% interval: a in [" + fmt(fit.ciLow()) + ", " + fmt(fit.ciHigh()) + "]", b, middle, at,
                    fit.ciLow(), FIT, 1f, true);
            line(chart, " ", b, middle, at, fit.ciHigh(), FIT, 1f, true);
        }
        line(chart, "linear rule (a = 1)" + verdict(fit, PowerLawFit.LINEAR_RULE), b, middle, at,
                PowerLawFit.LINEAR_RULE, LINEAR, 1.5f, true);
        line(chart, "square-root rule (a = 0.5)" + verdict(fit, PowerLawFit.SQUARE_ROOT_RULE), b, middle, at,
                PowerLawFit.SQUARE_ROOT_RULE, SQUARE_ROOT, 1.5f, true);
        return new ScalingPlot(chart, svgText);
    }

    private static String verdict(PowerLawFit fit, double rule) {
        if (!Double.isFinite(fit.ciLow())) {
            return "";
        }
        return fit.admits(rule) ? ": admitted" : ": rejected";
    }

    private static void line(XYChart chart, String name, double[] b, double middle, double at, double exponent,
            Color color, float width, boolean dashed) {
        double[] lr = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            lr[i] = at * Math.pow(b[i] / middle, exponent);
        }
        XYSeries s = chart.addSeries(name, b, lr);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(dashed
                ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
                : new BasicStroke(width));
    }

    private static double[] logSpaced(double from, double to) {
        double[] x = new double[LINE_POINTS];
        for (int i = 0; i < LINE_POINTS; i++) {
            x[i] = from * Math.pow(to / from, i / (double) (LINE_POINTS - 1));
        }
        return x;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** {@code png} and {@code svg}, one after the other from one chart. */
    public static Map<String, byte[]> render(String title, double[] runBatchSizes, double[] runLrs,
            double[] cellBatchSizes, double[] cellLrs, PowerLawFit fit) {
        ScalingPlot plot = of(title, runBatchSizes, runLrs, cellBatchSizes, cellLrs, fit);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("png", plot.png());
        files.put("svg", plot.svg());
        return files;
    }

    public byte[] png() {
        return ChartFiles.png(PanelStack.single(chart, WIDTH_PX, HEIGHT_PX).image());
    }

    public byte[] svg() {
        return ChartFiles.svg(PanelStack.single(chart, WIDTH_PX, HEIGHT_PX), svgText);
    }
}
