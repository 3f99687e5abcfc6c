package dev.lrfinder.plot;

import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.ConsensusCurve;
import dev.lrfinder.analysis.CurveRegions;
import dev.lrfinder.analysis.Method;
import dev.lrfinder.analysis.MethodStatistics;
import dev.lrfinder.analysis.Recommendation;
import dev.lrfinder.analysis.Suggestion;
import dev.lrfinder.base.Checks;
import dev.lrfinder.base.Futures;
import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.report.HeadlineCurve;
import dev.lrfinder.report.Report;
import dev.lrfinder.report.ReportPlots;
import dev.lrfinder.sweep.LossCurve;
import dev.lrfinder.sweep.SweepCurve;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code plot.png} and {@code plot.svg}: loss against learning rate on a log axis, drawn with XChart.
 *
 * <p>What is on it: the three regions of the headline curve shaded and named (too low, sweet spot,
 * divergence); per run the raw loss faint and the smoothed loss solid, one colour per run; with
 * several runs the consensus median and its inter-quartile band; a marker and label per suggestion
 * (per run with one run, the geometric mean of each method with several) and the recommendation as a
 * red line and diamond. The y range covers the curves up to their minimum (smoothed losses and the
 * bulk of the raw ones) with a margin, so the divergence spike runs off the top instead of squashing
 * the part a person reads.
 *
 * <p>Every line reaches XChart as {@code PlotLine} makes it: clipped to a band around the plotted
 * range (a loss of 1e33 would otherwise hang Java2D's stroker) and reduced to at most four points per
 * pixel column, so a 1,000,000-point curve costs what a few thousand points cost and its SVG stays
 * small. Lines are solid (XChart's default cycles through dashed styles). The SVG writes text as
 * text ({@code SvgText}).
 */
public final class CurvePlot {
    public static final int WIDTH_PX = 1200;
    public static final int HEIGHT_PX = 720;
    /** About how wide the plot area is, left of the legend: to keep region labels inside it. */
    private static final int PLOT_WIDTH_PX = 820;

    private static final Color[] RUN_COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22),
    };
    private static final Color TOO_LOW = new Color(0x90, 0x90, 0x90, 40);
    private static final Color SWEET_SPOT = new Color(0x2c, 0xa0, 0x2c, 45);
    private static final Color DIVERGENCE = new Color(0xd6, 0x27, 0x28, 40);
    private static final Color RECOMMENDED = new Color(0xd6, 0x27, 0x28);
    private static final Color LABEL = new Color(0x33, 0x33, 0x33);
    private static final org.knowm.xchart.style.markers.Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN,
        SeriesMarkers.OVAL, SeriesMarkers.TRAPEZOID, SeriesMarkers.RECTANGLE,
    };
    private static final Color[] SUGGESTION_COLORS = {
        new Color(0x33, 0x33, 0x33), new Color(0x7f, 0x3c, 0x8d), new Color(0x11, 0x70, 0x6b), new Color(0x8c, 0x56, 0x1b),
        new Color(0x3b, 0x4c, 0xc0), new Color(0x55, 0x55, 0x55), new Color(0xa0, 0x3c, 0x78),
    };
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    /** Raw curves with more points than this are drawn as faint lines anyway; the band says the rest. */
    private static final int RAW_ALPHA = 70;
    /** Headroom above the curves, as a share of their span, where the region names go. */
    private static final double LABEL_STRIP = 0.25;
    /** Suggestions closer than this in log10(lr) share one marker and one label. */
    private static final double SAME_LR_DECADES = 0.02;

    static {
        // XChart draws with AWT; a command-line tool must not need a display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final XYChart chart;
    private final SvgText svgText;

    private CurvePlot(XYChart chart, SvgText svgText) {
        this.chart = chart;
        this.svgText = svgText;
    }

    /**
     * Draws the runs.
     *
     * @param title the chart's title (the task, or the files read)
     * @param runs at least one run
     * @param aggregate their summary
     * @param headline the curve the regions and marker heights come from
     */
    public static CurvePlot of(String title, List<AnalyzedRun> runs, AggregateSummary aggregate, HeadlineCurve headline) {
        if (runs.isEmpty()) {
            throw Checks.invalid("runs", "[]", "at least 1 run for a plot");
        }
        SvgText svgText = new SvgText();
        XYChart chart = new XYChart(WIDTH_PX, HEIGHT_PX);
        chart.setTitle(title);
        chart.setXAxisTitle("learning rate (log scale)");
        chart.setYAxisTitle(runs.size() > 1 ? "loss (smoothed solid, raw faint; black: median of runs)" : "loss (smoothed solid, raw faint)");
        XYStyler style = chart.getStyler();
        style.setXAxisLogarithmic(true);
        style.setLegendPosition(Styler.LegendPosition.OutsideE);
        style.setPlotContentSize(1.0);
        style.setLegendBackgroundColor(new Color(255, 255, 255, 220));
        style.setPlotGridLinesColor(new Color(0xe4, 0xe4, 0xe4));
        // Solid grid lines: XChart's dashed ones become thousands of SVG paths.
        style.setPlotGridLinesStroke(new BasicStroke(0.8f));
        style.setPlotBackgroundColor(Color.WHITE);
        style.setChartBackgroundColor(Color.WHITE);
        style.setMarkerSize(9);
        style.setAnnotationTextFont(svgText.font(LABEL_FONT));
        style.setAnnotationTextFontColor(LABEL);
        style.setChartTitleFont(svgText.font(new Font(Font.SANS_SERIF, Font.BOLD, 15)));
        style.setLegendFont(svgText.font(new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        style.setAxisTitleFont(svgText.font(style.getAxisTitleFont()));
        style.setAxisTickLabelsFont(svgText.font(style.getAxisTickLabelsFont()));

        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        for (AnalyzedRun run : runs) {
            double[] lrs = run.lrs();
            if (lrs.length > 0) {
                xMin = Math.min(xMin, lrs[0]);
                xMax = Math.max(xMax, lrs[lrs.length - 1]);
            }
        }
        double[] y = yRange(runs, headline);
        style.setXAxisMin(xMin);
        style.setXAxisMax(xMax);
        style.setYAxisMin(y[0]);
        style.setYAxisMax(y[1]);

        shadeRegions(chart, headline, xMin, xMax, y);
        // A file given twice is two runs of one name; XChart needs a name per series.
        List<String> names = AnalyzedRun.uniqueSources(runs.stream().map(AnalyzedRun::source).toList());
        Axis axis = new Axis(xMin, xMax, y);
        for (int r = 0; r < runs.size(); r++) {
            addRun(chart, runs.get(r), names.get(r), RUN_COLORS[r % RUN_COLORS.length], runs.size(), axis);
        }
        if (runs.size() > 1) {
            addConsensus(chart, aggregate.consensus(), axis);
        }
        addSuggestions(chart, runs, aggregate, headline, y);
        return new CurvePlot(chart, svgText);
    }

    /** The plot as a PNG image of {@link #WIDTH_PX} x {@link #HEIGHT_PX}. */
    public byte[] png() {
        return ChartFiles.png(chart);
    }

    /** The plot as an SVG document, its text as SVG text. */
    public byte[] svg() {
        return ChartFiles.svg(chart, svgText);
    }

    /**
     * A report folder's plots ({@link ReportPlots}): {@code plot.png} and {@code plot.svg}, e.g.
     * {@code ReportFolder.write(folder, report, CurvePlot::render)}. The two are drawn at once, the
     * SVG on a thread of its own, each from a chart of its own (an XChart chart lays itself out as
     * it paints, so one chart must not be painted by two threads).
     */
    public static Map<String, byte[]> render(Report report) {
        CompletableFuture<byte[]> svg = Futures.onOwnThread("lrfinder-plot-svg", () -> of(report).svg());
        byte[] png = of(report).png();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("plot.png", png);
        files.put("plot.svg", Futures.join(svg));
        return files;
    }

    private static CurvePlot of(Report report) {
        return of(report.context().subject(), report.runs(), report.aggregate(), report.headline());
    }

    /**
     * From the lowest to the highest loss any run shows before its minimum (smoothed, and the raw
     * losses between their 2nd and 98th percentiles, so one wild batch does not set the scale), with
     * a margin below and a strip for the labels above. What rises past it after the minimum is the divergence, and it may run off.
     */
    static double[] yRange(List<AnalyzedRun> runs, HeadlineCurve headline) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (AnalyzedRun run : runs) {
            double[] smoothed = run.analysis().smoothedLosses();
            int m = -1;
            for (int i = 0; i < smoothed.length; i++) {
                if (Double.isFinite(smoothed[i]) && (m < 0 || smoothed[i] < smoothed[m])) {
                    m = i;
                }
            }
            if (m < 0) {
                continue;
            }
            double[] raw = new double[m + 1];
            int kept = 0;
            double[] losses = run.losses();
            for (int i = 0; i <= m; i++) {
                if (Double.isFinite(smoothed[i])) {
                    lo = Math.min(lo, smoothed[i]);
                    hi = Math.max(hi, smoothed[i]);
                }
                if (Double.isFinite(losses[i])) {
                    raw[kept++] = losses[i];
                }
            }
            if (kept > 0) {
                Arrays.sort(raw, 0, kept);
                lo = Math.min(lo, raw[(int) Math.floor(0.02 * (kept - 1))]);
                hi = Math.max(hi, raw[(int) Math.ceil(0.98 * (kept - 1))]);
            }
        }
        for (double v : headline.smoothedLoss()) {
            lo = Math.min(lo, v);
        }
        if (!(lo < hi)) {
            // A flat curve (or none): a range around it wide enough to be one in doubles.
            double centre = Double.isFinite(lo) ? lo : 1;
            double half = Math.max(1, 0.1 * Math.abs(centre));
            return new double[] {centre - half, centre + half};
        }
        // Below: a margin. Above: a strip for the region names, so they never sit on a curve.
        return new double[] {lo - 0.06 * (hi - lo), hi + LABEL_STRIP * (hi - lo)};
    }

    private static void shadeRegions(XYChart chart, HeadlineCurve h, double xMin, double xMax, double[] y) {
        if (h.size() == 0) {
            return;
        }
        CurveRegions r = h.regions();
        double tooLowEnd = r.falls() ? h.lr(r.fallStart()) : xMax;
        band(chart, "too low (flat)", xMin, tooLowEnd, xMin, xMax, y, 0, TOO_LOW);
        if (r.falls()) {
            band(chart, "sweet spot (falling)", h.lr(r.fallStart()), h.lr(r.floorStart()), xMin, xMax, y, 1, SWEET_SPOT);
        }
        if (r.diverges()) {
            band(chart, "divergence (exploding)", h.lr(r.turnUp()), xMax, xMin, xMax, y, 2, DIVERGENCE);
        }
    }

    private static void band(XYChart chart, String name, double from, double to, double xMin, double xMax, double[] y,
            int row, Color color) {
        if (!(to > from)) {
            return;
        }
        XYSeries s = chart.addSeries("region: " + name, new double[] {from, to, to, from}, new double[] {y[0], y[0], y[1], y[1]});
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        s.setFillColor(color);
        s.setLineColor(new Color(0, 0, 0, 0));
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
        // The label is centred on the region (in log space) but kept inside the plot; rows keep the
        // labels of narrow neighbouring regions apart. Text width is estimated from the font size.
        double decades = Math.log10(xMax) - Math.log10(xMin);
        double halfLabel = decades * (name.length() * LABEL_FONT.getSize() * 0.36) / PLOT_WIDTH_PX;
        double middle = (Math.log10(from) + Math.log10(to)) / 2;
        middle = Math.max(Math.log10(xMin) + halfLabel, Math.min(Math.log10(xMax) - halfLabel, middle));
        chart.addAnnotation(new AnnotationText(name, Math.pow(10, middle), y[1] - (0.035 + 0.045 * row) * (y[1] - y[0]), false));
    }

    /** The x axis's ends and the plotted y range, which every line is fitted to. */
    private record Axis(double xMin, double xMax, double[] y) {
        double[][] line(double[] xs, double[] ys) {
            return PlotLine.of(xs, ys, xMin, xMax, y, WIDTH_PX);
        }
    }

    private static void addRun(XYChart chart, AnalyzedRun run, String name, Color color, int runCount, Axis axis) {
        double[][] raw = axis.line(run.lrs(), run.losses());
        if (raw[0].length > 1) {
            XYSeries s = chart.addSeries(name + " raw", raw[0], raw[1]);
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            s.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), RAW_ALPHA));
            s.setLineStyle(SeriesLines.SOLID);
            s.setLineWidth(1f);
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
        }
        boolean both = run.hasValidation();
        boolean analysedValidation = both && run.sweep().config().curve() == SweepCurve.VALIDATION;
        if (both) {
            // The curve the suggestions do not read, raw and dashed: validation-loss mode records both.
            LossCurve recorded = run.sweep().curve();
            double[][] other = axis.line(recorded.lrs(), analysedValidation ? recorded.losses() : recorded.validationLosses());
            if (other[0].length > 1) {
                XYSeries s = chart.addSeries(name + (analysedValidation ? " train" : " val") + " (raw, dashed)",
                        other[0], other[1]);
                s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
                s.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 160));
                s.setLineWidth(1.2f);
                s.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
                s.setMarker(SeriesMarkers.NONE);
            }
        }
        double[][] smooth = axis.line(run.analysis().lrs(), run.analysis().smoothedLosses());
        if (smooth[0].length > 1) {
            String label = both ? name + (analysedValidation ? " val" : " train") : name;
            XYSeries s = chart.addSeries(label, smooth[0], smooth[1]);
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            s.setLineColor(color);
            s.setLineStyle(SeriesLines.SOLID);
            s.setLineWidth(runCount > 1 ? 1.6f : 2.2f);
            s.setMarker(SeriesMarkers.NONE);
        }
    }

    private static void addConsensus(XYChart chart, ConsensusCurve c, Axis axis) {
        int from = c.analyzedFrom();
        int to = c.analyzedTo();
        double[] lrs = Arrays.copyOfRange(c.lrs(), from, to);
        double[] median = Arrays.copyOfRange(c.median(), from, to);
        double[] q1 = Arrays.copyOfRange(c.q1(), from, to);
        double[] q3 = Arrays.copyOfRange(c.q3(), from, to);
        // The band's outline: q1 left to right, then q3 back; a grid point without a median has neither.
        for (int i = 0; i < median.length; i++) {
            if (!Double.isFinite(median[i])) {
                q1[i] = Double.NaN;
                q3[i] = Double.NaN;
            }
        }
        double[][] line = axis.line(lrs, median);
        if (line[0].length < 2) {
            return;
        }
        double[][] lower = axis.line(lrs, q1);
        double[][] upper = axis.line(lrs, q3);
        int n = lower[0].length;
        int m = upper[0].length;
        double[] bandX = Arrays.copyOf(lower[0], n + m);
        double[] bandY = Arrays.copyOf(lower[1], n + m);
        for (int i = 0; i < m; i++) {
            bandX[n + i] = upper[0][m - 1 - i];
            bandY[n + i] = upper[1][m - 1 - i];
        }
        XYSeries band = chart.addSeries("consensus inter-quartile band", bandX, bandY);
        band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        band.setFillColor(new Color(0, 0, 0, 45));
        band.setLineColor(new Color(0, 0, 0, 0));
        band.setLineStyle(SeriesLines.SOLID);
        band.setMarker(SeriesMarkers.NONE);
        XYSeries medianLine = chart.addSeries("consensus (median of runs)", line[0], line[1]);
        medianLine.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        medianLine.setLineColor(Color.BLACK);
        medianLine.setLineStyle(SeriesLines.SOLID);
        medianLine.setLineWidth(2.6f);
        medianLine.setMarker(SeriesMarkers.NONE);
    }

    private static void addSuggestions(XYChart chart, List<AnalyzedRun> runs, AggregateSummary aggregate,
            HeadlineCurve headline, double[] y) {
        // One run: its own suggestions; several: each method's geometric mean across the runs.
        Map<Method, Double> lrs = new LinkedHashMap<>();
        if (runs.size() == 1) {
            for (Suggestion s : runs.get(0).analysis().suggestions().values()) {
                if (s.isPresent()) {
                    lrs.put(s.method(), s.lr());
                }
            }
        } else {
            for (MethodStatistics s : aggregate.methods().values()) {
                if (s.suggested() > 0) {
                    lrs.put(s.method(), s.geometricMean());
                }
            }
        }
        // Methods that agree share a marker and a label, e.g. "minimum, divergence 0.187". The labels
        // go in the legend: seven methods' texts on the curve would overlap wherever they agree.
        List<Double> points = new ArrayList<>();
        List<String> names = new ArrayList<>();
        lrs.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> {
            int last = points.size() - 1;
            if (last >= 0 && Math.abs(Math.log10(e.getValue()) - Math.log10(points.get(last))) < SAME_LR_DECADES) {
                names.set(last, names.get(last) + ", " + e.getKey().id());
            } else {
                points.add(e.getValue());
                names.add(e.getKey().id());
            }
        });
        String suffix = runs.size() > 1 ? " (geo-mean)" : "";
        for (int i = 0; i < points.size(); i++) {
            double lr = points.get(i);
            XYSeries s = chart.addSeries(names.get(i) + " " + lrLabel(lr) + suffix, new double[] {lr},
                    new double[] {onPlot(headline.lossAt(lr), y)});
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            s.setMarker(MARKERS[i % MARKERS.length]);
            s.setMarkerColor(SUGGESTION_COLORS[i % SUGGESTION_COLORS.length]);
        }
        Recommendation rec = aggregate.recommendation();
        if (rec.isPresent()) {
            chart.addAnnotation(new AnnotationLine(rec.lr(), true, false));
            chart.getStyler().setAnnotationLineColor(RECOMMENDED);
            chart.getStyler().setAnnotationLineStroke(new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                    10f, new float[] {7f, 5f}, 0f));
            String label = "recommended " + lrLabel(rec.lr()) + " (" + rec.method().id() + ")";
            XYSeries s = chart.addSeries(label, new double[] {rec.lr()}, new double[] {onPlot(headline.lossAt(rec.lr()), y)});
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setMarkerColor(RECOMMENDED);
            double span = y[1] - y[0];
            chart.addAnnotation(new AnnotationText("recommended " + lrLabel(rec.lr()), rec.lr(), y[1] - 0.17 * span, false));
        }
    }

    /** A marker's height, kept on the plot: one where the curve has run off still shows at the edge. */
    private static double onPlot(double loss, double[] y) {
        return Math.max(y[0], Math.min(y[1], loss));
    }

    /** Tick and label text for a learning rate: 1e-07, 0.001, 0.0333, 1, 10. */
    static String lrLabel(double lr) {
        if (lr >= 1e-3 && lr < 1e3) {
            String s = String.format(Locale.ROOT, "%.3g", lr);
            if (s.contains(".")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            return s;
        }
        String[] parts = String.format(Locale.ROOT, "%.2e", lr).split("e");
        String mantissa = parts[0].replaceAll("0+$", "").replaceAll("\\.$", "");
        return mantissa + "e" + Integer.parseInt(parts[1]);
    }
}
