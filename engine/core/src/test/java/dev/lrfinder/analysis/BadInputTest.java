package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** One test per rejected input, with its exact message, and the documented outcome of each accepted oddity. */
class BadInputTest {

    private static final double[] LOSSES3 = {3, 2, 1};

    private static String rejected(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void emptyInput() {
        assertEquals("lrs = []: must be at least 1 point",
                rejected(() -> CurveAnalysis.analyze(new double[0], new double[0])));
    }

    @Test
    void nullLrs() {
        assertEquals("lrs = null: must be an array of one learning rate per step", rejected(() -> CurveAnalysis.analyze(null, LOSSES3)));
    }

    @Test
    void nullLosses() {
        assertEquals("losses = null: must be an array of one loss per step",
                rejected(() -> CurveAnalysis.analyze(new double[] {1e-3}, null)));
    }

    @Test
    void lengthMismatch() {
        assertEquals("losses = 2 values: must be one per learning rate, as many as lrs (3)",
                rejected(() -> CurveAnalysis.analyze(new double[] {1e-4, 1e-3, 1e-2}, new double[] {1, 2})));
    }

    @Test
    void nanLr() {
        assertEquals("lrs[1] = NaN: must be a finite number >= 2.2250738585072014E-308 (the smallest normal double)",
                rejected(() -> CurveAnalysis.analyze(new double[] {1e-4, Double.NaN, 1e-2}, LOSSES3)));
    }

    @Test
    void infiniteLr() {
        assertEquals("lrs[2] = Infinity: must be a finite number >= 2.2250738585072014E-308 (the smallest normal double)",
                rejected(() -> CurveAnalysis.analyze(new double[] {1e-4, 1e-3, Double.POSITIVE_INFINITY}, LOSSES3)));
    }

    @Test
    void zeroLr() {
        assertEquals("lrs[0] = 0.0: must be a finite number >= 2.2250738585072014E-308 (the smallest normal double)",
                rejected(() -> CurveAnalysis.analyze(new double[] {0, 1e-3, 1e-2}, LOSSES3)));
    }

    @Test
    void negativeLr() {
        assertEquals("lrs[0] = -0.001: must be a finite number >= 2.2250738585072014E-308 (the smallest normal double)",
                rejected(() -> CurveAnalysis.analyze(new double[] {-1e-3, 1e-3, 1e-2}, LOSSES3)));
    }

    @Test
    void duplicateLr() {
        assertEquals("lrs[2] = 0.001: must be greater than lrs[1] = 0.001 (learning rates must be strictly increasing)",
                rejected(() -> CurveAnalysis.analyze(new double[] {1e-4, 1e-3, 1e-3}, LOSSES3)));
    }

    @Test
    void decreasingLr() {
        assertEquals("lrs[2] = 1.0E-4: must be greater than lrs[1] = 0.001 (learning rates must be strictly increasing)",
                rejected(() -> CurveAnalysis.analyze(new double[] {1e-5, 1e-3, 1e-4}, LOSSES3)));
    }

    @Test
    void nullOptions() {
        assertEquals("options = null: must be AnalysisOptions (AnalysisOptions.defaults() for the defaults)",
                rejected(() -> CurveAnalysis.analyze(new double[] {1e-3}, new double[] {1}, null)));
    }

    @Test
    void compatRejectsBadLrsToo() {
        assertEquals("lrs[1] = 0.01: must be greater than lrs[0] = 0.01 (learning rates must be strictly increasing)",
                rejected(() -> Compat.FASTAI.analyze(new double[] {1e-2, 1e-2}, new double[] {1, 1}, 2)));
    }

    @Test
    void nanLossEndsTheCurveBeforeIt() {
        double[] lrs = Curves.cosineGridLrs();
        double[] losses = Curves.cosine(lrs);
        losses[50] = Double.NaN;
        losses[55] = 3; // finite values after the NaN are ignored too
        AnalysisResult result = CurveAnalysis.analyze(lrs, losses, Curves.unsmoothed());
        assertEquals(50, result.size());
        assertEquals("losses[50] = NaN is not finite: the curve is analysed up to lr 0.0794 (index 49) and the remaining"
                + " 11 points are ignored", result.notes().get(0));
        assertEquals(40, result.suggestion(Method.MINIMUM).index());
    }

    @Test
    void infiniteLossEndsTheCurveBeforeIt() {
        double[] lrs = Curves.cosineGridLrs();
        double[] losses = Curves.cosine(lrs);
        losses[45] = Double.POSITIVE_INFINITY;
        assertEquals(45, CurveAnalysis.analyze(lrs, losses).size());
    }

    @Test
    void nanFirstLossLeavesEveryMethodWithoutAnAnswer() {
        AnalysisResult result = CurveAnalysis.analyze(new double[] {1e-4, 1e-3}, new double[] {Double.NaN, 1});
        assertEquals(0, result.size());
        for (Suggestion s : result.suggestions().values()) {
            assertFalse(s.isPresent());
            assertFalse(s.reason().isBlank());
        }
    }

    @Test
    void negativeLossesGiveTheAnswersOfTheShiftedCurve() {
        double[] lrs = Curves.cosineGridLrs();
        double[] losses = Curves.cosine(lrs);
        double[] negative = losses.clone();
        for (int i = 0; i < negative.length; i++) {
            negative[i] -= 8;
        }
        AnalysisResult shifted = CurveAnalysis.analyze(lrs, negative, Curves.unsmoothed());
        AnalysisResult original = CurveAnalysis.analyze(lrs, losses, Curves.unsmoothed());
        for (Method method : Method.values()) {
            assertEquals(original.suggestion(method).index(), shifted.suggestion(method).index(), method.id());
        }
    }

    @Test
    void tooFewPointsGiveNoneWithTheCountNeeded() {
        AnalysisResult one = CurveAnalysis.analyze(new double[] {1e-3}, new double[] {1});
        for (Suggestion s : one.suggestions().values()) {
            assertFalse(s.isPresent());
            assertEquals("the curve has 1 point, too few to show where the loss is flat, falls and turns up (at least 3)",
                    s.reason());
        }
        // Two points are a line: no rule may answer one of its two ends.
        AnalysisResult two = CurveAnalysis.analyze(new double[] {1e-3, 1e-2}, new double[] {2, 1});
        for (Suggestion s : two.suggestions().values()) {
            assertFalse(s.isPresent(), s.method() + ": " + s.lr());
            assertEquals("the curve has 2 points, too few to show where the loss is flat, falls and turns up (at least 3)",
                    s.reason());
        }
    }

    @Test
    void aLossThatIsNaNFromTheStartSaysSo() {
        AnalysisResult nan = CurveAnalysis.analyze(new double[] {1e-3, 1e-2, 1e-1}, new double[] {Double.NaN, Double.NaN,
            Double.NaN});
        assertEquals("the loss was NaN from step 0 (lr 0.00100): no points before it, too few to show where the loss"
                + " is flat, falls and turns up (at least 3)", nan.suggestion(Method.STEEP).reason());
        AnalysisResult late = CurveAnalysis.analyze(new double[] {1e-3, 1e-2, 1e-1}, new double[] {2, 1, Double.NaN});
        assertEquals("the loss was NaN from step 2 (lr 0.100): 2 points before it, too few to show where the loss"
                + " is flat, falls and turns up (at least 3)", late.suggestion(Method.STEEP).reason());
    }

    @Test
    void resultArraysAreCopies() {
        double[] lrs = {1e-4, 1e-3, 1e-2};
        AnalysisResult result = CurveAnalysis.analyze(lrs, LOSSES3);
        lrs[0] = 5;
        result.lrs()[1] = 7;
        assertArrayEquals(new double[] {1e-4, 1e-3, 1e-2}, result.lrs(), 0);
    }

    @Test
    void optionsRejectAnEmptyMethodSet() {
        assertEquals("methods = []: must be at least one of minimum, steep, valley, slide, slide-relative, steepest, "
                + "divergence", rejected(() -> AnalysisOptions.builder().optMethods(java.util.List.of())));
    }

    @Test
    void optionsRejectADefaultMethodThatDoesNotRun() {
        Method ruleMethod = TargetRule.of(TargetRule.DEFAULT_TARGET).method();
        Method other = ruleMethod == Method.SLIDE_RELATIVE ? Method.STEEP : Method.SLIDE_RELATIVE;
        assertEquals("defaultMethod = " + ruleMethod.id() + ": must be one of the methods run (" + other.id() + "): add it to"
                + " optMethods or choose one of them as optDefaultMethod",
                rejected(() -> AnalysisOptions.builder().optMethods(other).build()));
    }

    @Test
    void optionsRejectNegativeSkips() {
        assertEquals("steepestSkipStart = -1: must be an integer >= 0",
                rejected(() -> AnalysisOptions.builder().optSteepestSkip(-1, 5)));
    }

    @Test
    void optionsRejectAnEmptySlideWindow() {
        assertEquals("slideWindow = 0: must be an integer >= 1 (points)", rejected(() -> AnalysisOptions.builder().optSlide(0, 0.005, 1)));
    }

    @Test
    void optionsRejectADivergenceToleranceOfOne() {
        assertEquals("divergenceTolerance = 1.0: must be a number in [0.0, 1.0)",
                rejected(() -> AnalysisOptions.builder().optDivergenceTolerance(1)));
    }

    @Test
    void suggestionsRejectInconsistentFields() {
        assertEquals("lr = 0.0: must be a finite number > 0",
                rejected(() -> Suggestion.of(Method.VALLEY, 0, 3, "x")));
        assertTrue(Suggestion.none(Method.VALLEY, "why").lrIfPresent().isEmpty());
    }

    @Test
    void subnormalLrsAreRefusedUpFrontNamingTheSmallestAllowed() {
        double[] lrs = new double[30];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = Double.MIN_VALUE * (i + 1); // 4.9e-324, 1e-323, ...: strictly increasing subnormals
        }
        assertEquals("lrs[0] = 4.9E-324: must be a finite number >= 2.2250738585072014E-308 (the smallest normal double)",
                rejected(() -> CurveAnalysis.analyze(lrs, Curves.constant(30, 1))));
        assertEquals(Double.MIN_NORMAL, CurveAnalysis.MIN_LR);
        assertEquals(3, CurveAnalysis.analyze(new double[] {Double.MIN_NORMAL, 1e-300, 1e-200}, LOSSES3).size(),
                "the smallest normal double is allowed");
    }

    @Test
    void ratesTooCloseForLog10ToTellApartAreRefused() {
        double a = 1e300;
        double b = Math.nextUp(a);
        assertEquals("lrs[1] = " + b + ": must be further above lrs[0] = " + a + ": both have log10 300.0, and the rules"
                + " read the curve on log10(lr)", rejected(() -> CurveAnalysis.analyze(new double[] {a, b}, new double[] {1, 2})));
    }

    @Test
    void theConsensusGridOfRatesARoundingStepApartStillStrictlyIncreases() {
        // Runs built directly (the API does not re-check them) whose rates are 1 ulp apart: a grid over
        // them rounds onto repeats; it keeps only the points above the one before.
        double[] lrs = new double[200];
        lrs[0] = 1e-3;
        for (int i = 1; i < lrs.length; i++) {
            lrs[i] = Math.nextUp(lrs[i - 1]);
        }
        double[] losses = new double[lrs.length];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = 2 - Math.sin(Math.PI * i / 199);
        }
        java.util.Map<Method, Suggestion> none = new java.util.LinkedHashMap<>();
        for (Method method : Method.values()) {
            none.put(method, Suggestion.none(method, "not run"));
        }
        AnalysisResult run = new AnalysisResult(CurveAnalysis.PIPELINE, lrs, losses, losses, none, Method.DIVERGENCE,
                java.util.List.of());
        AggregateSummary summary = RunAggregation.summarize(java.util.List.of(run, run), AnalysisOptions.defaults());
        double[] grid = summary.consensus().lrs();
        assertTrue(grid.length >= 2 && grid.length < 200, "grid of " + grid.length);
        for (int g = 1; g < grid.length; g++) {
            assertTrue(grid[g] > grid[g - 1] && Math.log10(grid[g]) > Math.log10(grid[g - 1]),
                    "grid[" + g + "] = " + grid[g] + " after " + grid[g - 1]);
        }
    }

    @Test
    void aBlowUpIsCutWhereTheSweepsDivergenceStopWouldHaveStoppedAndTheNotesSayWhere() {
        // Flat at 2, falling to 0.5, then rising 30% per step: a torch-lr-finder history runs on to 1e5.
        int n = 80;
        double[] lrs = Curves.logSpaced(-6, 0.1, n);
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            losses[i] = i < 20 ? 2 : i < 40 ? 2 - 1.5 * (i - 20) / 20 : 0.5 * Math.pow(1.3, i - 40);
        }
        AnalysisResult cut = CurveAnalysis.analyze(lrs, losses, Curves.unsmoothed());
        AnalysisResult whole = CurveAnalysis.analyze(lrs, losses, Curves.unsmoothed().toBuilder()
                .optDivergence(dev.lrfinder.sweep.DivergenceRule.none()).build());
        assertEquals(n, whole.size());
        assertTrue(cut.size() < n && cut.size() > 40, "cut at " + cut.size());
        assertTrue(cut.stoppedEarly());
        int last = cut.size() - 1;
        assertEquals("the divergence stop (4.0x, as a sweep stops) cut the curve at lr " + PreparedCurve.fmt(lrs[last])
                + " (index " + last + "), where the smoothed loss passed 4.0x its best: the curve is analysed up to there and"
                + " the remaining " + (n - last - 1) + " points are ignored", cut.notes().get(0));
        // The same rule, step for step, as the sweep's monitor: it fires at the last point kept.
        dev.lrfinder.sweep.DivergenceRule.Monitor monitor = dev.lrfinder.sweep.DivergenceRule.defaultRule().newMonitor();
        for (int i = 0; i < last; i++) {
            assertEquals(null, monitor.observe(losses[i]), "step " + i);
        }
        assertEquals(dev.lrfinder.sweep.StopReason.DIVERGED, monitor.observe(losses[last]));
        for (Suggestion s : cut.suggestions().values()) {
            assertTrue(!s.isPresent() || s.index() <= last, s.method() + " answers from the part after the blow-up");
        }
    }
}
