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
        assertEquals("lrs is empty: a range test needs at least 1 point",
                rejected(() -> CurveAnalysis.analyze(new double[0], new double[0])));
    }

    @Test
    void nullLrs() {
        assertEquals("lrs is null: pass one learning rate per step", rejected(() -> CurveAnalysis.analyze(null, LOSSES3)));
    }

    @Test
    void nullLosses() {
        assertEquals("losses is null: pass one loss per step",
                rejected(() -> CurveAnalysis.analyze(new double[] {1e-3}, null)));
    }

    @Test
    void lengthMismatch() {
        assertEquals("lrs has 3 points but losses has 2: pass exactly one loss per learning rate",
                rejected(() -> CurveAnalysis.analyze(new double[] {1e-4, 1e-3, 1e-2}, new double[] {1, 2})));
    }

    @Test
    void nanLr() {
        assertEquals("lrs[1] = NaN is not finite: learning rates must be finite and > 0",
                rejected(() -> CurveAnalysis.analyze(new double[] {1e-4, Double.NaN, 1e-2}, LOSSES3)));
    }

    @Test
    void infiniteLr() {
        assertEquals("lrs[2] = Infinity is not finite: learning rates must be finite and > 0",
                rejected(() -> CurveAnalysis.analyze(new double[] {1e-4, 1e-3, Double.POSITIVE_INFINITY}, LOSSES3)));
    }

    @Test
    void zeroLr() {
        assertEquals("lrs[0] = 0.0 is not positive: learning rates must be finite and > 0",
                rejected(() -> CurveAnalysis.analyze(new double[] {0, 1e-3, 1e-2}, LOSSES3)));
    }

    @Test
    void negativeLr() {
        assertEquals("lrs[0] = -0.001 is not positive: learning rates must be finite and > 0",
                rejected(() -> CurveAnalysis.analyze(new double[] {-1e-3, 1e-3, 1e-2}, LOSSES3)));
    }

    @Test
    void duplicateLr() {
        assertEquals("lrs[2] = lrs[1] = 0.001 is a duplicate: lrs must be strictly increasing",
                rejected(() -> CurveAnalysis.analyze(new double[] {1e-4, 1e-3, 1e-3}, LOSSES3)));
    }

    @Test
    void decreasingLr() {
        assertEquals("lrs[2] = 1.0E-4 is less than lrs[1] = 0.001: lrs must be strictly increasing",
                rejected(() -> CurveAnalysis.analyze(new double[] {1e-5, 1e-3, 1e-4}, LOSSES3)));
    }

    @Test
    void nullOptions() {
        assertEquals("options is null: pass AnalysisOptions.defaults() for the defaults",
                rejected(() -> CurveAnalysis.analyze(new double[] {1e-3}, new double[] {1}, null)));
    }

    @Test
    void compatRejectsBadLrsToo() {
        assertEquals("lrs[1] = lrs[0] = 0.01 is a duplicate: lrs must be strictly increasing",
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
        assertEquals("steep needs at least 2 points, got 1", one.suggestion(Method.STEEP).reason());
        assertEquals("valley needs at least 2 points, got 1", one.suggestion(Method.VALLEY).reason());
        assertEquals("steepest skips 10 points at the start and 5 at the end, so it needs at least 16 points, got 1",
                one.suggestion(Method.STEEPEST).reason());
        assertEquals("divergence needs at least 3 points, got 1", one.suggestion(Method.DIVERGENCE).reason());
        for (Suggestion s : one.suggestions().values()) {
            assertFalse(s.isPresent());
        }
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
        assertEquals("methods is empty: choose at least one of [minimum, steep, valley, slide, slide-relative, steepest, "
                + "divergence]", rejected(() -> AnalysisOptions.builder().optMethods(java.util.List.of())));
    }

    @Test
    void optionsRejectADefaultMethodThatDoesNotRun() {
        assertEquals("defaultMethod divergence is not among methods [minimum]: add it to optMethods or choose one of them as "
                + "optDefaultMethod", rejected(() -> AnalysisOptions.builder().optMethods(Method.MINIMUM).build()));
    }

    @Test
    void optionsRejectNegativeSkips() {
        assertEquals("steepest skipStart = -1 is negative; it must be >= 0",
                rejected(() -> AnalysisOptions.builder().optSteepestSkip(-1, 5)));
    }

    @Test
    void optionsRejectAnEmptySlideWindow() {
        assertEquals("slide window = 0 is less than 1 point", rejected(() -> AnalysisOptions.builder().optSlide(0, 0.005, 1)));
    }

    @Test
    void optionsRejectADivergenceToleranceOfOne() {
        assertEquals("divergenceTolerance = 1.0 is outside [0, 1)",
                rejected(() -> AnalysisOptions.builder().optDivergenceTolerance(1)));
    }

    @Test
    void suggestionsRejectInconsistentFields() {
        assertEquals("lr = 0.0 is not a finite positive learning rate",
                rejected(() -> Suggestion.of(Method.VALLEY, 0, 3, "x")));
        assertTrue(Suggestion.none(Method.VALLEY, "why").lrIfPresent().isEmpty());
    }
}
