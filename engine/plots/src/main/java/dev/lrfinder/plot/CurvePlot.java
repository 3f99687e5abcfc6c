package dev.lrfinder.plot;

import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.ConsensusCurve;
import dev.lrfinder.analysis.CurveRegions;
import dev.lrfinder.analysis.Method;
import dev.lrfinder.analysis.MethodStatistics;
import dev.lrfinder.analysis.Recommendation;
import dev.lrfinder.analysis.Suggestion;
import dev.lrfinder.analysis.Verification;
import dev.lrfinder.base.Checks;
import dev.lrfinder.base.Futures;
import dev.lrfinder.base.Timeline;
import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.report.HeadlineCurve;
import dev.lrfinder.report.Report;
import dev.lrfinder.report.ReportPlots;
import dev.lrfinder.sweep.LossCurve;
import dev.lrfinder.sweep.SweepCurve;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
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
 * {@code plot.png} and {@code plot.svg}: loss against learning rate on a log axis, drawn with XChart,
 * over a second panel of each method's per-run answers on the same axis.
 *
 * <p>The curve panel: the three regions of the headline curve shaded and named (too low, sweet spot,
 * divergence; read by {@link dev.lrfinder.analysis.CurveRegions}, and "too low" never takes in the
 * recommended lr); per run the raw loss faint and the smoothed loss solid, one colour per run; with
 * several runs the consensus median and its inter-quartile band; a marker per method (per run with
 * one run, the geometric mean of each method with several) and the recommendation as a red line and
 * diamond. The legend holds the recommendation, the methods and the median: the runs' colours are
 * named in the answers panel's legend. Region names and the recommendation's label sit in rows of a
 * strip above the curves, each where it does not touch another (widths measured in the font). The
 * y range covers the curves up to their minimum (smoothed losses and the bulk of the raw ones) with
 * a margin, so the divergence spike runs off the top instead of squashing the part a person reads.
 *
 * <p>The answers panel ({@link AnswersPanel}): a row per method, a dot per run. Panels are stacked by
 * {@link PanelStack} with their plot areas lined up; {@link #panels} is where a further panel goes
 * (validation loss against lr, when a report has verification fits).
 *
 * <p>Every line reaches XChart as {@code PlotLine} makes it: clipped to a band around the plotted
 * range (a loss of 1e33 would otherwise hang Java2D's stroker) and reduced to at most four points per
 * pixel column, so a 1,000,000-point curve costs what a few thousand points cost and its SVG stays
 * small. Lines are solid (XChart's default cycles through dashed styles). The SVG writes text as
 * text ({@code SvgText}).
 */
public final class CurvePlot {
    public static final int WIDTH_PX = 1200;
    /** The curve panel's height; the answers panel adds {@link AnswersPanel#heightPx} below it. */
    public static final int HEIGHT_PX = 620;

    private static final Color[] RUN_COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22),
    };
    private static final Color TOO_LOW = new Color(0x90, 0x90, 0x90, 40);
    private static final Color SWEET_SPOT = new Color(0x2c, 0xa0, 0x2c, 45);
    private static final Color DIVERGENCE = new Color(0xd6, 0x27, 0x28, 40);
    static final Color RECOMMENDED = new Color(0xd6, 0x27, 0x28);
    static final BasicStroke RECOMMENDED_STROKE =
            new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f);
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
    /** Pixels from one row of labels in the strip to the next. */
    private static final int LABEL_ROW_PX = 19;
    /** The most rows of labels the strip holds. */
    private static final int LABEL_ROWS = 4;
    /** Pixels kept free between two labels of a row, and between a label and the plot's edge. */
    private static final int LABEL_GAP_PX = 12;
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

    private final PanelStack stack;
    private final SvgText svgText;
    private final List<Rectangle2D> labelBoxes;

    private CurvePlot(PanelStack stack, SvgText svgText, List<Rectangle2D> labelBoxes) {
        this.stack = stack;
        this.svgText = svgText;
        this.labelBoxes = List.copyOf(labelBoxes);
    }

    /** The picture's height: the curve panel's {@link #HEIGHT_PX} and the panels below it. */
    public int height() {
        return stack.height();
    }

    /** The panels' charts, top to bottom (the curves first). */
    List<XYChart> charts() {
        return stack.placed().stream().map(PanelStack.Placed::chart).toList();
    }

    /** Where the labels in the curve panel's strip went, in the picture's pixels. */
    List<Rectangle2D> labelBoxes() {
        return labelBoxes;
    }

    /** How far right of the picture's edge panel {@code index} is drawn. */
    int offsetOf(int index) {
        return stack.placed().get(index).x();
    }

    /** The pixel columns of the shared lr axis. */
    PanelStack.Columns columns() {
        return stack.columns();
    }

    /**
     * A text to place in the label strip, as near {@code lr} as the other labels allow: centred on
     * it, or with {@code besideLine} starting just right of it (the recommendation's dashed line
     * must not run through its own label).
     */
    private record Label(String text, double lr, boolean besideLine) {
        Label(String text, double lr) {
            this(text, lr, false);
        }
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
        return of(title, runs, aggregate, headline, Optional.empty());
    }

    /** {@link #of(String, List, AggregateSummary, HeadlineCurve)} with a panel of {@code --verify}'s fits when there are some. */
    public static CurvePlot of(String title, List<AnalyzedRun> runs, AggregateSummary aggregate, HeadlineCurve headline,
            Optional<Verification> verification) {
        if (runs.isEmpty()) {
            throw Checks.invalid("runs", "[]", "at least 1 run for a plot");
        }
        SvgText svgText = new SvgText();
        XYChart chart = new XYChart(WIDTH_PX, HEIGHT_PX);
        style(chart, svgText);
        chart.setTitle(title);
        chart.setXAxisTitle("learning rate (log scale)");
        chart.setYAxisTitle(runs.size() > 1 ? "loss (smoothed solid, raw faint; black: median of runs)" : "loss (smoothed solid, raw faint)");
        XYStyler style = chart.getStyler();
        style.setXAxisTitleVisible(false); // the answers panel below carries it

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

        List<Label> labels = new ArrayList<>(shadeRegions(chart, headline, xMin, xMax, y));
        // A file given twice is two runs of one name; XChart needs a name per series.
        List<String> names = AnalyzedRun.uniqueSources(runs.stream().map(AnalyzedRun::source).toList());
        Axis axis = new Axis(xMin, xMax, y);
        for (int r = 0; r < runs.size(); r++) {
            addRun(chart, runs.get(r), names.get(r), RUN_COLORS[r % RUN_COLORS.length], runs.size(), axis);
        }
        if (runs.size() > 1) {
            addConsensus(chart, aggregate.consensus(), axis);
        }
        boolean verified = verification.filter(Verification::isPresent).isPresent();
        addSuggestions(chart, runs, aggregate, headline, y, verified).ifPresent(labels::add);
        List<Method> methods = List.copyOf(runs.get(0).analysis().suggestions().keySet());
        XYChart answers = AnswersPanel.of(runs, aggregate, methods, xMin, xMax, RUN_COLORS, c -> style(c, svgText));
        List<PanelStack.Panel> panels = new ArrayList<>(panels(chart, answers, methods.size()));
        double lo = xMin;
        double hi = xMax;
        verification.filter(v -> v.candidates().length > 0).ifPresent(v -> panels.add(new PanelStack.Panel(VerificationPanel.of(v, lo, hi, c -> style(c, svgText)),
                VerificationPanel.HEIGHT_PX)));
        PanelStack stack = PanelStack.of(panels, WIDTH_PX, xMin, xMax);
        return new CurvePlot(stack, svgText, placeLabels(chart, stack, labels, xMin, xMax, y));
    }

    /**
     * The panels, top to bottom: the curves, then each method's per-run answers. A panel for a
     * report's verification fits (validation loss against lr) goes last, on the same lr axis.
     */
    private static List<PanelStack.Panel> panels(XYChart curves, XYChart answers, int methods) {
        return List.of(new PanelStack.Panel(curves, HEIGHT_PX), new PanelStack.Panel(answers, AnswersPanel.heightPx(methods)));
    }

    /** The look every panel shares: log lr axis, legend on the right, solid light grid, the fonts. */
    private static void style(XYChart chart, SvgText svgText) {
        XYStyler style = PlotStyle.apply(chart, svgText, 15);
        style.setXAxisLogarithmic(true);
        style.setLegendPosition(Styler.LegendPosition.OutsideE);
        style.setPlotContentSize(1.0);
        style.setMarkerSize(9);
        style.setAnnotationTextFont(svgText.font(LABEL_FONT));
        style.setAnnotationTextFontColor(LABEL);
    }

    /**
     * Puts the labels in the strip above the curves, now that the plot area's columns are known:
     * each centred as near its lr as the plot's edges allow, in the first row where it keeps
     * {@link #LABEL_GAP_PX} from every label already there.
     */
    private static List<Rectangle2D> placeLabels(XYChart chart, PanelStack stack, List<Label> labels, double xMin,
            double xMax, double[] y) {
        List<Rectangle2D> boxes = new ArrayList<>();
        PanelStack.Columns columns = stack.columns();
        double left = columns.left() - stack.placed().get(0).x(); // in the chart's own pixels
        double right = columns.right() - stack.placed().get(0).x();
        double decades = Math.log10(xMax) - Math.log10(xMin);
        double plotHeight = chart.getScreenYFromChart(y[0]) - chart.getScreenYFromChart(y[1]);
        FontRenderContext frc = new FontRenderContext(null, true, true);
        List<List<double[]>> rows = new ArrayList<>();
        for (int r = 0; r < LABEL_ROWS; r++) {
            rows.add(new ArrayList<>());
        }
        List<Label> ordered = new ArrayList<>(labels);
        ordered.sort(java.util.Comparator.comparingDouble(Label::lr));
        for (Label label : ordered) {
            TextLayout layout = new TextLayout(label.text(), LABEL_FONT, frc);
            double width = layout.getAdvance();
            double wanted = left + (Math.log10(label.lr()) - Math.log10(xMin)) / decades * (right - left)
                    + (label.besideLine() ? width / 2 + LABEL_GAP_PX / 2.0 : 0);
            double centre = Math.clamp(wanted, left + LABEL_GAP_PX + width / 2, Math.max(left + LABEL_GAP_PX + width / 2,
                    right - LABEL_GAP_PX - width / 2));
            double from = centre - width / 2;
            double to = centre + width / 2;
            int row = 0;
            while (row < LABEL_ROWS - 1 && overlaps(rows.get(row), from, to)) {
                row++;
            }
            rows.get(row).add(new double[] {from, to});
            double lr = Math.pow(10, Math.log10(xMin) + (centre - left) / (right - left) * decades);
            double down = (LABEL_ROW_PX * (row + 0.9)) / plotHeight * (y[1] - y[0]);
            chart.addAnnotation(new AnnotationText(label.text(), lr, y[1] - down, false));
            double textHeight = layout.getAscent() + layout.getDescent();
            double top = chart.getScreenYFromChart(y[1] - down) - textHeight / 2;
            boxes.add(new Rectangle2D.Double(from + stack.placed().get(0).x(), top, width, textHeight));
        }
        return boxes;
    }

    private static boolean overlaps(List<double[]> row, double from, double to) {
        for (double[] placed : row) {
            if (from < placed[1] + LABEL_GAP_PX && to > placed[0] - LABEL_GAP_PX) {
                return true;
            }
        }
        return false;
    }

    /** The plot as a PNG image {@link #WIDTH_PX} wide, the curve panel {@link #HEIGHT_PX} high and the answers below. */
    public byte[] png() {
        return ChartFiles.png(stack.image());
    }

    /** The plot as an SVG document, its text as SVG text. */
    public byte[] svg() {
        return ChartFiles.svg(stack, svgText);
    }

    /**
     * A report folder's plots ({@link ReportPlots}): {@code plot.png} and {@code plot.svg}, e.g.
     * {@code ReportFolder.write(folder, report, CurvePlot::render)}. The two are drawn at once, the
     * SVG on a thread of its own, each from a chart of its own (an XChart chart lays itself out as
     * it paints, so one chart must not be painted by two threads).
     */
    public static Map<String, byte[]> render(Report report) {
        CompletableFuture<byte[]> svg = Futures.onOwnThread("lrfinder-plot-svg", () -> {
            byte[] drawn = of(report).svg();
            Timeline.mark("plot.svg drawn");
            return drawn;
        });
        byte[] png = of(report).png();
        Timeline.mark("plot.png drawn");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("plot.png", png);
        files.put("plot.svg", Futures.join(svg));
        return files;
    }

    private static CurvePlot of(Report report) {
        return of(report.context().subject(), report.runs(), report.aggregate(), report.headline(), report.verification());
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

    /** Shades the regions and returns their labels. */
    private static List<Label> shadeRegions(XYChart chart, HeadlineCurve h, double xMin, double xMax, double[] y) {
        List<Label> labels = new ArrayList<>();
        if (h.size() == 0) {
            return labels;
        }
        CurveRegions r = h.regions();
        if (h.hasTooLow()) {
            band(chart, "too low (flat)", xMin, h.tooLowToLr(), y, TOO_LOW, labels);
        }
        if (r.falls()) {
            band(chart, "sweet spot (falling)", h.lr(r.fallStart()), h.lr(r.floorStart()), y, SWEET_SPOT, labels);
        }
        if (r.diverges()) {
            band(chart, "divergence (exploding)", h.lr(r.turnUp()), xMax, y, DIVERGENCE, labels);
        }
        return labels;
    }

    private static void band(XYChart chart, String name, double from, double to, double[] y, Color color,
            List<Label> labels) {
        if (!(to > from)) {
            return;
        }
        XYSeries s = chart.addSeries("region: " + name, new double[] {from, to, to, from}, new double[] {y[0], y[0], y[1], y[1]});
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        s.setFillColor(color);
        s.setLineColor(new Color(0, 0, 0, 0));
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
        labels.add(new Label(name, Math.sqrt(from * to)));
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
                s.setShowInLegend(false);
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
            s.setShowInLegend(false); // the answers panel's legend names the runs' colours
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
        band.setShowInLegend(false);
        XYSeries medianLine = chart.addSeries("median of runs", line[0], line[1]);
        medianLine.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        medianLine.setLineColor(Color.BLACK);
        medianLine.setLineStyle(SeriesLines.SOLID);
        medianLine.setLineWidth(2.6f);
        medianLine.setMarker(SeriesMarkers.NONE);
    }

    /**
     * The methods' markers and the recommendation's line and diamond (the verified rate when {@code
     * verified}: the same number as the summary's headline and report.json's); its label, if any.
     */
    private static java.util.Optional<Label> addSuggestions(XYChart chart, List<AnalyzedRun> runs, AggregateSummary aggregate,
            HeadlineCurve headline, double[] y, boolean verified) {
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
        if (!rec.isPresent()) {
            return java.util.Optional.empty();
        }
        chart.addAnnotation(new AnnotationLine(rec.lr(), true, false));
        chart.getStyler().setAnnotationLineColor(RECOMMENDED);
        chart.getStyler().setAnnotationLineStroke(RECOMMENDED_STROKE);
        String label = "recommended " + lrLabel(rec.lr()) + " (" + (verified ? "verified" : rec.method().id()) + ")";
        XYSeries s = chart.addSeries(label, new double[] {rec.lr()}, new double[] {onPlot(headline.lossAt(rec.lr()), y)});
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.DIAMOND);
        s.setMarkerColor(RECOMMENDED);
        return java.util.Optional.of(new Label("recommended " + lrLabel(rec.lr()), rec.lr(), true));
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
