package dev.lrfinder.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.analysis.RunAggregation;
import dev.lrfinder.analysis.Smoothing;
import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.report.HeadlineCurve;
import dev.lrfinder.sweep.DivergenceRule;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CurvePlotTest {

    /** A range-test-like curve: flat, falling, then exploding to 1e4, with batch noise. */
    static AnalyzedRun run(int number, long seed) {
        Random random = new Random(seed);
        int n = 100;
        double[] lrs = new double[n];
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            double u = -7 + 8.0 * i / (n - 1);
            lrs[i] = Math.pow(10, u);
            double fall = 1 / (1 + Math.exp(-(u + 2) * 3));
            double blow = u > -0.3 ? Math.pow(10, (u + 0.3) * 5) : 0;
            losses[i] = 2.3 - 1.8 * fall + blow + 0.03 * random.nextGaussian();
        }
        AnalysisResult analysis = CurveAnalysis.analyze(lrs, losses);
        return AnalyzedRun.ofCurve("run " + number, lrs, losses, analysis);
    }

    static CurvePlot plot(List<AnalyzedRun> runs) {
        List<AnalysisResult> analyses = runs.stream().map(AnalyzedRun::analysis).toList();
        AggregateSummary aggregate = RunAggregation.summarize(analyses, AnalysisOptions.defaults());
        HeadlineCurve headline = HeadlineCurve.of(runs, aggregate, AnalysisOptions.DEFAULT_DIVERGENCE_TOLERANCE);
        return CurvePlot.of("synthetic", runs, aggregate, headline);
    }

    @Test
    void thePngHasTheDocumentedSizeAndIsNotBlank() throws IOException {
        List<AnalyzedRun> runs = new ArrayList<>();
        for (int r = 1; r <= 3; r++) {
            runs.add(run(r, r));
        }
        CurvePlot plot = plot(runs);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(plot.png()));
        assertEquals(CurvePlot.WIDTH_PX, image.getWidth());
        assertEquals(plot.height(), image.getHeight());
        assertTrue(plot.height() > CurvePlot.HEIGHT_PX, "the answers panel is below the curves: " + plot.height());
        Set<Integer> colours = new HashSet<>();
        int dark = 0;
        for (int x = 0; x < image.getWidth(); x += 2) {
            for (int y = 0; y < image.getHeight(); y += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (r + g + b < 200) {
                    dark++;
                }
            }
        }
        assertTrue(colours.size() > 50, "a drawn chart has many colours, found " + colours.size());
        assertTrue(dark > 500, "lines and text are dark pixels, found " + dark);
    }

    @Test
    void theSvgIsAnSvgDocumentOfTheSameSizeWithItsTextAsText() {
        CurvePlot plot = plot(List.of(run(1, 7)));
        byte[] bytes = plot.svg();
        String svg = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
        assertTrue(svg.contains("viewBox=\"0 0 " + CurvePlot.WIDTH_PX + " " + plot.height() + "\""), svg.substring(0, 300));
        assertTrue(svg.contains("<path"), "curves are paths");
        for (String text : List.of(">synthetic</text>", ">run 1</text>", ">learning rate (log scale)</text>",
                ">too low (flat)</text>", ">recommended ",
                ">" + dev.lrfinder.analysis.AnalysisOptions.defaults().defaultMethod().id() + " *</text>",
                ">slide-relative</text>")) {
            assertTrue(svg.contains(text), "the SVG names " + text);
        }
        assertTrue(svg.contains("font-family:&quot;"), "text keeps its font");
        // VectorGraphics2D's own processor (the fallback) writes a DOCTYPE; SvgDocument, 5x faster cold, does not.
        assertFalse(svg.contains("<!DOCTYPE"), "every command of the plot written by SvgDocument");
        // Glyph outlines made a 100-point curve's SVG 300-550 KB.
        assertTrue(bytes.length < 300_000, "plot.svg of 100 points is " + bytes.length + " bytes");
    }

    /** Flat at 2, falling to 1, then rising from 1 to 1e33 over the last 20 points, then infinite. */
    static AnalyzedRun blowingUp(int number, long seed, AnalysisOptions options) {
        Random random = new Random(seed);
        int n = 121;
        double[] lrs = new double[n];
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            lrs[i] = Math.pow(10, -6 + 6.0 * i / (n - 1));
            losses[i] = i < 100 ? 2 - Math.min(1, i / 60.0) + 0.02 * random.nextGaussian()
                    : i < 120 ? Math.pow(10, 33.0 * (i - 100) / 19) : Double.POSITIVE_INFINITY;
        }
        return AnalyzedRun.ofCurve("curve " + number, lrs, losses, CurveAnalysis.analyze(lrs, losses, options));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against the hang, not a speed target
    void fiveCurvesBlowingUpTo1e33AreDrawnNotHungOn() throws IOException {
        // Robust smoothing and no divergence stop: the smoothed curves reach 1e33 too.
        AnalysisOptions options = AnalysisOptions.builder().optSmoothing(Smoothing.robust())
                .optDivergence(DivergenceRule.none()).build();
        List<AnalyzedRun> runs = new ArrayList<>();
        for (int r = 1; r <= 5; r++) {
            runs.add(blowingUp(r, r, options));
        }
        AggregateSummary aggregate = RunAggregation.summarize(runs.stream().map(AnalyzedRun::analysis).toList(), options);
        HeadlineCurve headline = HeadlineCurve.of(runs, aggregate, AnalysisOptions.DEFAULT_DIVERGENCE_TOLERANCE);
        CurvePlot plot = CurvePlot.of("five blow-ups", runs, aggregate, headline);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(plot.png()));
        assertEquals(CurvePlot.WIDTH_PX, image.getWidth());
        String svg = new String(plot.svg(), StandardCharsets.UTF_8);
        assertTrue(svg.strip().endsWith("</svg>"), "a whole SVG document");
        double[] y = CurvePlot.yRange(runs, headline);
        assertTrue(y[1] < 3, "the y range is the part before the blow-up: " + y[0] + " to " + y[1]);
    }

    @Test
    void theSameSourceTwiceIsTwoSeriesOfTheirOwn() {
        AnalyzedRun one = run(1, 1);
        AnalyzedRun same = AnalyzedRun.ofCurve(one.source(), one.lrs(), one.losses(), one.analysis());
        String svg = new String(plot(List.of(one, same)).svg(), StandardCharsets.UTF_8);
        assertTrue(svg.contains(">run 1</text>") && svg.contains(">run 1 (2)</text>"), "both runs in the legend");
    }

    @Test
    void aMillionPointCurveIsDrawnFromWhatItsPixelsShow() {
        int n = 1_000_000;
        Random random = new Random(3);
        double[] lrs = new double[n];
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            double u = -7 + 8.0 * i / (n - 1);
            lrs[i] = Math.pow(10, u);
            losses[i] = 2.3 - 1.8 / (1 + Math.exp(-(u + 2) * 3)) + 0.05 * random.nextGaussian();
        }
        AnalyzedRun run = AnalyzedRun.ofCurve("long", lrs, losses, CurveAnalysis.analyze(lrs, losses));
        byte[] svg = plot(List.of(run)).svg();
        // Two lines of at most 4 points per pixel column, about 30 bytes a point, and the rest of the plot.
        assertTrue(svg.length < 2_000_000, "plot.svg of 1,000,000 points is " + svg.length + " bytes");
    }

    @Test
    void decimationKeepsEachColumnsFirstLowestHighestAndLastPointAndClipsFarValues() {
        double[] xs = new double[1000];
        double[] ys = new double[1000];
        for (int i = 0; i < 1000; i++) {
            xs[i] = Math.pow(10, i / 999.0); // 1 to 10: one decade over 4 columns
            ys[i] = i == 500 ? 1e33 : i % 7;
        }
        double[][] line = PlotLine.of(xs, ys, 1, 10, new double[] {0, 10}, 4);
        assertTrue(line[0].length <= 4 * 5, "at most 4 points for each of 5 columns, got " + line[0].length);
        assertEquals(1.0, line[0][0]);
        assertEquals(10.0, line[0][line[0].length - 1], 1e-12);
        double highest = 0;
        for (double v : line[1]) {
            highest = Math.max(highest, v);
        }
        assertEquals(10 + PlotLine.CLIP_SPANS * 10, highest, "1e33 is clipped to 100 ranges above the top");
        double[][] short100 = PlotLine.of(Arrays.copyOf(xs, 10), Arrays.copyOf(ys, 10), 1, 10, new double[] {0, 10}, 4);
        assertEquals(10, short100[0].length, "a line with few points keeps them all");
    }

    @Test
    void theDivergenceSpikeDoesNotSetTheYRange() {
        AnalyzedRun spiky = run(1, 3);
        List<AnalysisResult> analyses = List.of(spiky.analysis());
        AggregateSummary aggregate = RunAggregation.summarize(analyses, AnalysisOptions.defaults());
        double[] y = CurvePlot.yRange(List.of(spiky), HeadlineCurve.of(List.of(spiky), aggregate, 0.05));
        assertTrue(y[1] < 3.5, "the loss starts at 2.3 and explodes to 1e4; the top is " + y[1]);
        assertTrue(y[0] < 0.6 && y[0] > 0, "the loss falls to about 0.5; the bottom is " + y[0]);
    }

    @Test
    void learningRatesAreLabelledAsPeopleWriteThem() {
        assertEquals("0.0333", CurvePlot.lrLabel(0.03333));
        assertEquals("1", CurvePlot.lrLabel(1.0));
        assertEquals("1e-7", CurvePlot.lrLabel(1e-7));
        assertEquals("2.5e-5", CurvePlot.lrLabel(2.5e-5));
    }

    /** The names a chart's legend shows. */
    static List<String> legend(org.knowm.xchart.XYChart chart) {
        return chart.getSeriesMap().values().stream().filter(org.knowm.xchart.XYSeries::isShowInLegend)
                .map(org.knowm.xchart.XYSeries::getName).toList();
    }

    @Test
    void theCurveLegendHoldsTheRecommendationTheMethodsAndTheMedianAndTheAnswersLegendTheRuns() {
        List<AnalyzedRun> runs = new ArrayList<>();
        for (int r = 1; r <= 5; r++) {
            runs.add(run(r, r));
        }
        CurvePlot plot = plot(runs);
        List<String> curves = legend(plot.charts().get(0));
        assertTrue(curves.contains("median of runs"), curves.toString());
        assertEquals(1, curves.stream().filter(n -> n.startsWith("recommended ")).count(), curves.toString());
        assertTrue(curves.stream().noneMatch(n -> n.startsWith("run ") || n.contains("band") || n.startsWith("region")),
                "no runs, band or regions in the curves' legend: " + curves);
        int methods = runs.get(0).analysis().suggestions().size();
        assertTrue(curves.size() <= methods + 2, "at most a marker per method, the median and the recommendation: " + curves);
        assertEquals(List.of("run 1", "run 2", "run 3", "run 4", "run 5", "geometric mean"), legend(plot.charts().get(1)));
    }

    @Test
    void regionLabelsAndTheRecommendationsLabelNeverOverlapAndStayInThePlotArea() {
        for (int runs = 1; runs <= 5; runs += 4) {
            List<AnalyzedRun> list = new ArrayList<>();
            for (int r = 1; r <= runs; r++) {
                list.add(run(r, 10 + r));
            }
            CurvePlot plot = plot(list);
            List<java.awt.geom.Rectangle2D> boxes = plot.labelBoxes();
            assertTrue(boxes.size() >= 3, "the regions and the recommendation are labelled: " + boxes);
            for (int i = 0; i < boxes.size(); i++) {
                var a = boxes.get(i);
                assertTrue(a.getMinX() >= plot.columns().left() && a.getMaxX() <= plot.columns().right(),
                        "label " + a + " inside the plot area " + plot.columns() + " (the legend is right of it)");
                for (int j = i + 1; j < boxes.size(); j++) {
                    assertFalse(a.intersects(boxes.get(j)), "labels " + a + " and " + boxes.get(j) + " overlap");
                }
            }
        }
    }

    /**
     * The valley rule, on fastai's lagging EMA, answers on the flat part of these curves, left of the
     * steep fall: recommended there, its marker must still not sit in the region named "too low".
     */
    @Test
    void theRecommendedMarkerNeverSitsInTheTooLowRegion() {
        AnalysisOptions valley = AnalysisOptions.builder().optMethods(List.of(dev.lrfinder.analysis.Method.VALLEY))
                .optDefaultMethod(dev.lrfinder.analysis.Method.VALLEY)
                .optSmoothing(dev.lrfinder.analysis.Smoothing.debiasedEma()).build();
        List<AnalyzedRun> runs = new ArrayList<>();
        for (int r = 1; r <= 3; r++) {
            AnalyzedRun base = run(r, 20 + r);
            runs.add(AnalyzedRun.ofCurve(base.source(), base.lrs(), base.losses(),
                    CurveAnalysis.analyze(base.lrs(), base.losses(), valley)));
        }
        AggregateSummary aggregate = RunAggregation.summarize(runs.stream().map(AnalyzedRun::analysis).toList(), valley);
        HeadlineCurve headline = HeadlineCurve.of(runs, aggregate, AnalysisOptions.DEFAULT_DIVERGENCE_TOLERANCE);
        double rec = aggregate.recommendation().lr();
        assertTrue(rec < headline.lr(headline.regions().fallStart()), "valley answers left of the steep fall: " + rec);
        CurvePlot plot = CurvePlot.of("synthetic", runs, aggregate, headline);
        var tooLow = plot.charts().get(0).getSeriesMap().get("region: too low (flat)");
        double tooLowEnd = tooLow == null ? 0 : java.util.Arrays.stream(tooLow.getXData()).max().orElseThrow();
        assertTrue(tooLowEnd < rec, "too low ends at " + tooLowEnd + ", left of the recommendation " + rec);
    }

    @Test
    void thePanelsShareOneLrAxisToThePixel() {
        CurvePlot plot = plot(List.of(run(1, 4), run(2, 5)));
        List<org.knowm.xchart.XYChart> charts = plot.charts();
        assertEquals(2, charts.size());
        plot.png();
        double lr = 1e-3;
        // Each chart's own pixels, shifted by where the stack put it.
        double top = charts.get(0).getScreenXFromChart(lr);
        double bottom = charts.get(1).getScreenXFromChart(lr);
        assertEquals(0, Math.abs((top + plot.offsetOf(0)) - (bottom + plot.offsetOf(1))), 1.0, "lr 1e-3 in both panels");
    }
}
