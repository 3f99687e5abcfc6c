package dev.lrfinder.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.analysis.RunAggregation;
import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.report.HeadlineCurve;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

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
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(plot(runs).png()));
        assertEquals(CurvePlot.WIDTH_PX, image.getWidth());
        assertEquals(CurvePlot.HEIGHT_PX, image.getHeight());
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
    void theSvgIsAnSvgDocumentOfTheSameSize() {
        String svg = new String(plot(List.of(run(1, 7))).svg(), StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
        assertTrue(svg.contains("viewBox=\"0 0 " + CurvePlot.WIDTH_PX + " " + CurvePlot.HEIGHT_PX + "\""));
        assertTrue(svg.contains("<path"), "curves and text are paths");
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
}
