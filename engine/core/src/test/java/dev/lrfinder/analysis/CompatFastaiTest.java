package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * fastai's pipeline on hand-built curves. Where an answer needs the float32 EMA over many steps it
 * was computed with fastai's own functions (valley's double loop, slide's walk) on numpy float32
 * arrays; every other answer follows from the arithmetic in the comments.
 */
class CompatFastaiTest {

    @Test
    void smoothingIsFloat32WithTorchLerpAndAFloat32Divisor() {
        // Loss 2: val = 0 - (0 - 2) * (1 - 0.98f) = 2 * 0.019999981f; divided by (float) 0.02 = 0.0199999996f
        // gives 1.99999814, not the 2.0 that double arithmetic gives.
        double[] lrs = Curves.logSpaced(-6, 0.1, 30);
        AnalysisResult result = Compat.FASTAI.analyze(lrs, Curves.constant(30, 2), 30);
        double first = result.smoothedLosses()[0];
        assertEquals(1.99999814, first, 1.2e-7);
        assertTrue(first != 2.0);
        assertEquals(2.0, Smoothing.debiasedEma().smooth(new double[] {0}, new double[] {2})[0]);
    }

    @Test
    void stopsWhenTheSmoothedLossExceedsFourTimesTheBestAndKeepsThatPoint() {
        // Loss 1 for 30 steps, then 1000: the debiased EMA jumps to about 44 > 4 x 1 at index 30.
        double[] raw = Curves.constant(60, 1);
        for (int i = 30; i < 60; i++) {
            raw[i] = 1000;
        }
        AnalysisResult result = Compat.FASTAI.analyze(Curves.logSpaced(-6, 0.1, 60), raw, 100);
        assertEquals(31, result.size());
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("fastai stops at index 30")), result.notes().toString());
        // Trimmed to [100//10 : 31-5] = [10, 26): nothing right of index 25 can be suggested.
        for (Suggestion s : result.suggestions().values()) {
            assertTrue(!s.isPresent() || (s.index() >= 10 && s.index() < 26), s.toString());
        }
    }

    @Test
    void aNegativeFirstLossStopsAtOnceAndLeavesNothing() {
        // s = -1 becomes best, and -1 > 4 * -1: the sweep ends after one point; [num_it//10 : -5] is empty.
        AnalysisResult result = Compat.FASTAI.analyze(Curves.logSpaced(-6, 0.1, 40), Curves.constant(40, -1), 40);
        assertEquals(1, result.size());
        for (Suggestion s : result.suggestions().values()) {
            assertFalse(s.isPresent(), s.toString());
        }
    }

    @Test
    void dropsEverythingFromTheFirstNan() {
        double[] lrs = Curves.cosineGridLrs();
        double[] raw = Curves.cosine(lrs);
        for (int i = 35; i < raw.length; i++) {
            raw[i] = Double.NaN;
        }
        AnalysisResult result = Compat.FASTAI.analyze(lrs, raw, 61);
        assertEquals(61, result.size()); // NaN never triggers the stop
        assertTrue(result.notes().contains("fastai drops everything from the first NaN, at index 35"), result.notes().toString());
        // The loss still falls at index 34, so the minimum is the last kept point.
        assertEquals(34, result.suggestion(Method.MINIMUM).index());
    }

    @Test
    void keepsInfinities() {
        // A -inf loss makes the EMA -inf (kept: -inf > 4 * -inf is false), then NaN on the next step.
        // Kept: [6, 21) with -inf at 20: minimum is there, and the steepest segment is the one into it.
        double[] lrs = Curves.logSpaced(-6, 0.1, 60);
        double[] raw = Curves.constant(60, 1);
        raw[20] = Double.NEGATIVE_INFINITY;
        AnalysisResult result = Compat.FASTAI.analyze(lrs, raw, 60);
        assertEquals(20, result.suggestion(Method.MINIMUM).index());
        assertEquals((double) (float) lrs[20] / 10, result.suggestion(Method.MINIMUM).lr());
        assertEquals(19, result.suggestion(Method.STEEP).index());
    }

    @Test
    void trimsWithTheRequestedNumIt() {
        // 50 points recorded but num_it = 100 asked: fastai still trims [100//10 : -5] = [10, 45).
        AnalysisResult result = Compat.FASTAI.analyze(Curves.logSpaced(-6, 0.1, 50), Curves.constant(50, 1), 100);
        assertTrue(result.notes().contains("fastai keeps recorded points [100//10 : -5] = [10, 45) of 50"),
                result.notes().toString());
    }

    @Test
    void capsTheSweepAtNumItRaisedToSix() {
        AnalysisResult result = Compat.FASTAI.analyze(Curves.logSpaced(-6, 0.1, 20), Curves.constant(20, 1), 3);
        assertEquals(6, result.size());
    }

    @Test
    void valleyWrapsIndexMinusOneToTheLastLrAsPythonDoes() {
        float[] lrs = {1e-5f, 1e-4f, 1e-3f, 1e-2f, 1e-1f};
        Suggestion valley = FastaiPipeline.valley(lrs, new float[] {2, 1, 3, 4, 5}, 0);
        assertEquals(4, valley.index());
        assertEquals((double) 1e-1f, valley.lr());
    }

    @Test
    void slideNeedsSixteenPointsWhereFastaiRaisesIndexError() {
        Suggestion slide = FastaiPipeline.slide(new float[15], new float[15], 0);
        assertEquals("fastai's slide needs 16 points after trimming, got 15 (fastai raises IndexError)", slide.reason());
    }

    @Test
    void cosineCurveGivesFastaisFourAnswers() {
        // Computed with fastai's functions on numpy float32 (see the class comment).
        double[] lrs = Curves.cosineGridLrs();
        AnalysisResult result = Compat.FASTAI.analyze(lrs, Curves.cosine(lrs), 61);
        assertEquals(List.of(Method.MINIMUM, Method.STEEP, Method.VALLEY, Method.SLIDE),
                List.copyOf(result.suggestions().keySet()));
        assertEquals(54, result.suggestion(Method.MINIMUM).index());
        assertEquals((double) (float) lrs[54] / 10, result.suggestion(Method.MINIMUM).lr());
        assertEquals(27, result.suggestion(Method.STEEP).index());
        assertEquals(29, result.suggestion(Method.VALLEY).index());
        assertEquals((double) (float) lrs[29], result.suggestion(Method.VALLEY).lr());
        assertEquals(23, result.suggestion(Method.SLIDE).index());
        assertEquals(Method.VALLEY, result.defaultMethod());
        assertEquals("fastai", result.pipeline());
    }

    @Test
    void stepCurveGivesFastaisFourAnswers() {
        // Loss 1 for 20 steps, then 0.5; computed with fastai's functions on numpy float32.
        double[] lrs = Curves.logSpaced(-5, 0.1, 40);
        double[] raw = Curves.constant(40, 1);
        for (int i = 20; i < 40; i++) {
            raw[i] = 0.5;
        }
        AnalysisResult result = Compat.FASTAI.analyze(lrs, raw, 40);
        assertEquals(34, result.suggestion(Method.MINIMUM).index());
        assertEquals(19, result.suggestion(Method.STEEP).index());
        assertEquals(24, result.suggestion(Method.VALLEY).index());
        assertEquals(19, result.suggestion(Method.SLIDE).index());
    }
}
