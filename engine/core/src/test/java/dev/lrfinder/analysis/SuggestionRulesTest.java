package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known answers on the cosine curve 2 + cos(pi (u + 6)/4), u = log10(lr) from -6 to 0 in steps of
 * 0.1 (index k at u = -6 + 0.1k): steepest at u = -4 (k = 20), minimum at u = -2 (k = 40).
 */
class SuggestionRulesTest {

    private static final double[] LRS = Curves.cosineGridLrs();
    private static final AnalysisResult COSINE = CurveAnalysis.analyze(LRS, Curves.cosine(LRS), Curves.unsmoothed());

    @Test
    void minimumIsATenthOfTheLrAtTheLowestLoss() {
        Suggestion minimum = COSINE.suggestion(Method.MINIMUM);
        assertEquals(40, minimum.index());
        assertEquals(LRS[40] / 10, minimum.lr());
        assertEquals(1e-3, minimum.lr(), 1e-15);
    }

    @Test
    void steepestIsWhereTheLossFallsFastestPerDecade() {
        Suggestion steepest = COSINE.suggestion(Method.STEEPEST);
        assertEquals(20, steepest.index());
        assertEquals(1e-4, steepest.lr(), 1e-17);
    }

    @Test
    void steepIsTheLeftPointOfTheSteepestSegment() {
        // Shift the grid by half a step: the segment from u = -4.05 to -3.95 (index 19 to 20) is centred
        // on the steepest point and so is steeper than its neighbours.
        double[] lrs = Curves.logSpaced(-5.95, 0.1, 60);
        AnalysisResult result = CurveAnalysis.analyze(lrs, Curves.cosine(lrs), Curves.unsmoothed());
        assertEquals(19, result.suggestion(Method.STEEP).index());
        assertEquals(lrs[19], result.suggestion(Method.STEEP).lr());
    }

    @Test
    void valleyIsAboutHalfWayIntoTheLongestDecrease() {
        // The loss falls strictly from k = 0 to 40: L = 41 ending at e = 40, start = e - L = -1,
        // idx = -1 + floor(41/3) + floor(41/6) = -1 + 13 + 6 = 18.
        Suggestion valley = COSINE.suggestion(Method.VALLEY);
        assertEquals(18, valley.index());
        assertEquals(LRS[18], valley.lr());
    }

    @Test
    void valleyUsesASubsequenceNotAContiguousRun() {
        // 5 9 4 8 3 7 2 6 1: no two steps in a row fall, but 9 8 7 6 1 (or 5 4 3 2 1) falls over 5 points,
        // first completed at e = 8: start = 3, idx = 3 + floor(5/3) + floor(5/6) = 4.
        double[] losses = {5, 9, 4, 8, 3, 7, 2, 6, 1};
        double[] lrs = Curves.logSpaced(-5, 0.5, losses.length);
        Suggestion valley = CurveAnalysis.analyze(lrs, losses, Curves.unsmoothed()).suggestion(Method.VALLEY);
        assertEquals(4, valley.index());
    }

    @Test
    void valleyNeverWrapsFastaisIndexMinusOneToTheLastLr() {
        // Longest decrease: 2 > 1 at indices 0, 1 (L = 2, e = 1): fastai's idx = -1 + 0 + 0 = -1, which
        // Python reads as the last and most divergent lr. lrfinder answers the valley's first point.
        double[] losses = {2, 1, 3, 4, 5};
        double[] lrs = Curves.logSpaced(-5, 1, 5);
        Suggestion valley = CurveAnalysis.analyze(lrs, losses, Curves.unsmoothed()).suggestion(Method.VALLEY);
        assertEquals(0, valley.index());
        assertEquals(lrs[0], valley.lr());
        assertTrue(valley.reason().contains("-1"), valley.reason());
    }

    @Test
    void valleyIsNoneWhenTheLossNeverDecreases() {
        double[] lrs = Curves.logSpaced(-5, 0.1, 30);
        double[] rising = new double[30];
        for (int i = 0; i < 30; i++) {
            rising[i] = i;
        }
        AnalysisResult result = CurveAnalysis.analyze(lrs, rising, Curves.unsmoothed());
        // The divergence stop cuts a loss that only rises after 2 points: too few for any rule.
        assertEquals("the divergence stop cut the curve at step 1 (lr 1.26e-05): 2 points, too few to show where the loss"
                + " is flat, falls and turns up (at least 3)", result.suggestion(Method.VALLEY).reason());
        assertFalse(result.suggestion(Method.STEEP).isPresent());
        assertFalse(result.suggestion(Method.STEEPEST).isPresent());
        assertFalse(result.suggestion(Method.MINIMUM).isPresent());
    }

    @Test
    void patienceValleyAgreesWithFastaisQuadraticLoop() {
        java.util.Random random = new java.util.Random(3);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + random.nextInt(60);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                // Few distinct values, so ties (which must not extend a strictly decreasing run) are common.
                values[i] = random.nextInt(8);
            }
            int[] fast = Valley.longestDecreasing(values);
            // fastai's loop, transcribed.
            int[] lds = new int[n];
            java.util.Arrays.fill(lds, 1);
            int maxStart = 0;
            int maxEnd = 0;
            for (int i = 1; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    if (values[i] < values[j] && lds[i] < lds[j] + 1) {
                        lds[i] = lds[j] + 1;
                    }
                    if (lds[maxEnd] < lds[i]) {
                        maxEnd = i;
                        maxStart = maxEnd - lds[maxEnd];
                    }
                }
            }
            double sections = (maxEnd - maxStart) / 3.0;
            int fastaiIdx = maxStart + (int) sections + (int) (sections / 2);
            assertEquals(lds[maxEnd], fast[0], "length, trial " + trial);
            assertEquals(maxEnd, fast[1], "end, trial " + trial);
            assertEquals(fastaiIdx, Valley.fastaiIndex(fast[0], fast[1]), "index, trial " + trial);
        }
    }

    @Test
    void slideStopsWhereTheGradientsFifteenPointsApartAgree() {
        // Slope -0.1 per step up to index 30, then +0.2: numpy's gradient is -0.1 up to 29, 0.05 at 30 and
        // 0.2 after. Walking left from r = 39, l = 24, the ends first agree at r = 29, l = 14: answer l + 1 = 15.
        double[] losses = new double[40];
        for (int i = 0; i < 40; i++) {
            losses[i] = i <= 30 ? 10 - 0.1 * i : 7 + 0.2 * (i - 30);
        }
        double[] lrs = Curves.logSpaced(-6, 0.1, 40);
        AnalysisResult result = CurveAnalysis.analyze(lrs, losses, Curves.unsmoothed());
        assertEquals(15, result.suggestion(Method.SLIDE).index());
        assertEquals(15, result.suggestion(Method.SLIDE_RELATIVE).index());
    }

    @Test
    void slideNeverAnswersRightOfSixteenthPointFromTheEnd() {
        // A straight line: the gradients always agree, so the walk never moves from l = n - 16.
        double[] losses = new double[40];
        for (int i = 0; i < 40; i++) {
            losses[i] = 10 - 0.1 * i;
        }
        AnalysisResult result = CurveAnalysis.analyze(Curves.logSpaced(-6, 0.1, 40), losses, Curves.unsmoothed());
        assertEquals(24, result.suggestion(Method.SLIDE).index());
    }

    @Test
    void slideOnTheCosineStraddlesTheSteepestPoint() {
        // The index gradient is symmetric about k = 20; ends 15 apart first agree within 0.005 at
        // l = 13, r = 28 (about symmetric), so the answer is l + 1 = 14 (checked with numpy's gradient).
        assertEquals(14, COSINE.suggestion(Method.SLIDE).index());
        assertEquals(14, COSINE.suggestion(Method.SLIDE_RELATIVE).index());
    }

    @Test
    void slideRelativeIgnoresTheLossScaleWhileSlideDoesNot() {
        double[] scaled = Curves.cosine(LRS);
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 128; // a power of two: every comparison is exactly the same, only the scale changes
        }
        AnalysisResult result = CurveAnalysis.analyze(LRS, scaled, Curves.unsmoothed());
        Suggestion unscaled = COSINE.suggestion(Method.SLIDE_RELATIVE);
        assertEquals(unscaled.index(), result.suggestion(Method.SLIDE_RELATIVE).index());
        assertEquals(unscaled.lr(), result.suggestion(Method.SLIDE_RELATIVE).lr());
        assertTrue(result.suggestion(Method.SLIDE).index() != COSINE.suggestion(Method.SLIDE).index(),
                "fastai's absolute threshold moves the answer: " + result.suggestion(Method.SLIDE));
    }

    @Test
    void slideNeedsWindowPlusOnePoints() {
        AnalysisResult result = CurveAnalysis.analyze(Curves.logSpaced(-6, 0.1, 15), Curves.constant(15, 1),
                Curves.unsmoothed());
        assertEquals("slide needs at least window + 1 = 16 points, got 15", result.suggestion(Method.SLIDE).reason());
    }

    @Test
    void divergenceIsATenthOfWhereTheLossLeavesItsFloorForGood() {
        // Minimum 1 at k = 40, drop 3 - 1 = 2, floor 1 + 0.05 * 2 = 1.1: cos(theta) <= -0.9 up to
        // theta = pi + acos(0.9), i.e. u = -2 + 4 acos(0.9)/pi = -1.43; the last grid point inside is
        // u = -1.5 (k = 45), so the answer is 10^-1.5 / 10.
        Suggestion divergence = COSINE.suggestion(Method.DIVERGENCE);
        assertEquals(45, divergence.index());
        assertEquals(Math.pow(10, -2.5), divergence.lr(), 1e-15);
    }

    @Test
    void divergenceIgnoresRippleOnTheFloor() {
        // Ripple of 1% of the drop after the minimum stays on the floor; the real rise comes at index 70.
        double[] lrs = Curves.logSpaced(-6, 0.05, 100);
        double[] losses = new double[100];
        for (int i = 0; i < 100; i++) {
            losses[i] = i < 40 ? 3 - 0.05 * i : i < 70 ? 1 + 0.02 * ((i % 2 == 0) ? 1 : 0) : 1 + 0.2 * (i - 69);
        }
        Suggestion divergence = CurveAnalysis.analyze(lrs, losses, Curves.unsmoothed()).suggestion(Method.DIVERGENCE);
        assertEquals(69, divergence.index());
        assertEquals(lrs[69] / 10, divergence.lr());
    }

    @Test
    void divergenceIsNoneWhileTheLossStillFallsAtLrMax() {
        double[] lrs = Curves.logSpaced(-6, 0.1, 30);
        double[] falling = new double[30];
        for (int i = 0; i < 30; i++) {
            falling[i] = 30 - i;
        }
        Suggestion divergence = CurveAnalysis.analyze(lrs, falling, Curves.unsmoothed()).suggestion(Method.DIVERGENCE);
        assertFalse(divergence.isPresent());
        assertTrue(divergence.reason().contains("does not turn up for good"), divergence.reason());
    }

    @Test
    void minimumIsNoneWhenATenthFallsBelowTheSweep() {
        double[] lrs = Curves.logSpaced(-6, 0.1, 30);
        double[] losses = new double[30];
        for (int i = 0; i < 30; i++) {
            losses[i] = i == 5 ? 0 : 1 + i;
        }
        Suggestion minimum = CurveAnalysis.analyze(lrs, losses, Curves.unsmoothed()).suggestion(Method.MINIMUM);
        assertFalse(minimum.isPresent());
        assertTrue(minimum.reason().startsWith("the smoothed loss is lowest at lr 3.16e-06, less than 10 x lrMin"),
                minimum.reason());
    }

    @Test
    void everyMethodAnswersInMethodOrder() {
        assertEquals(List.of(Method.values()), List.copyOf(COSINE.suggestions().keySet()));
        Method rule = AnalysisOptions.defaults().defaultMethod();
        assertEquals(rule, COSINE.defaultMethod());
        assertEquals(COSINE.suggestion(rule), COSINE.defaultSuggestion());
    }

    @Test
    void onlyTheChosenMethodsRun() {
        AnalysisOptions options = AnalysisOptions.builder().optMethods(Method.MINIMUM, Method.STEEPEST)
                .optDefaultMethod(Method.STEEPEST).optSmoothing(Smoothing.none()).build();
        AnalysisResult result = CurveAnalysis.analyze(LRS, Curves.cosine(LRS), options);
        assertEquals(List.of(Method.MINIMUM, Method.STEEPEST), List.copyOf(result.suggestions().keySet()));
        assertEquals(20, result.defaultSuggestion().index());
        assertEquals("valley was not run in this analysis", result.suggestion(Method.VALLEY).reason());
    }

    @Test
    void steepestSkipsAreConfigurable() {
        // Skipping 25 at the start moves the steepest point to the first allowed index, 25.
        AnalysisOptions options = AnalysisOptions.builder().optSmoothing(Smoothing.none()).optSteepestSkip(25, 5).build();
        assertEquals(25, CurveAnalysis.analyze(LRS, Curves.cosine(LRS), options).suggestion(Method.STEEPEST).index());
    }
}
