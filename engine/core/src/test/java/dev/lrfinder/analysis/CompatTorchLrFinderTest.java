package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompatTorchLrFinderTest {

    private static double[] step() {
        double[] raw = Curves.constant(40, 1);
        for (int i = 20; i < 40; i++) {
            raw[i] = 0.5;
        }
        return raw;
    }

    @Test
    void stepCurveByHand() {
        // s = 1 up to 19, then s_i = 0.5 + 0.5 * 0.95^(i-19): s20 = 0.975, s21 = 0.95125, s22 = 0.9286875.
        // numpy's gradient: g19 = (0.975 - 1)/2 = -0.0125, g20 = (0.95125 - 1)/2 = -0.024375,
        // g21 = (0.9286875 - 0.975)/2 = -0.02315625: the minimum is at 20.
        double[] lrs = Curves.logSpaced(-5, 0.1, 40);
        AnalysisResult result = Compat.TORCH_LR_FINDER.analyze(lrs, step(), 40);
        assertEquals(0.975, result.smoothedLosses()[20], 1e-15);
        assertEquals(20, result.suggestion(Method.STEEPEST).index());
        assertEquals(lrs[20], result.suggestion(Method.STEEPEST).lr());
    }

    @Test
    void needsSeventeenPoints() {
        double[] lrs = Curves.logSpaced(-5, 0.1, 17);
        double[] raw = new double[17];
        for (int i = 0; i < 17; i++) {
            raw[i] = 2 - 0.01 * i * i;
        }
        assertFalse(Compat.TORCH_LR_FINDER.analyze(java.util.Arrays.copyOf(lrs, 16), java.util.Arrays.copyOf(raw, 16), 16)
                .suggestion(Method.STEEPEST).isPresent());
        assertTrue(Compat.TORCH_LR_FINDER.analyze(lrs, raw, 17).suggestion(Method.STEEPEST).isPresent());
    }

    @Test
    void nanIsNotFilteredAndWinsTheArgmin() {
        // NaN at 20 poisons the EMA from 20 on; numpy's gradient at 19 is (s20 - s18)/2 = NaN, the first
        // NaN in [10 : -5], and argmin returns it.
        double[] lrs = Curves.logSpaced(-5, 0.1, 40);
        double[] raw = step();
        raw[20] = Double.NaN;
        Suggestion steepest = Compat.TORCH_LR_FINDER.analyze(lrs, raw, 40).suggestion(Method.STEEPEST);
        assertEquals(19, steepest.index());
        assertTrue(steepest.reason().contains("NaN"), steepest.reason());
    }

    @Test
    void stopsAtFiveTimesTheBestAndKeepsThatPoint() {
        // s20 = 0.05 * 100 + 0.95 * 1 = 5.95 > 5 x 1.
        double[] raw = Curves.constant(40, 1);
        raw[20] = 100;
        AnalysisResult result = Compat.TORCH_LR_FINDER.analyze(Curves.logSpaced(-5, 0.1, 40), raw, 40);
        assertEquals(21, result.size());
        assertEquals(5.95, result.smoothedLosses()[20], 1e-15);
    }

    @Test
    void aNegativeFirstLossStopsAtOnce() {
        AnalysisResult result = Compat.TORCH_LR_FINDER.analyze(Curves.logSpaced(-5, 0.1, 40), Curves.constant(40, -2), 40);
        assertEquals(1, result.size());
        assertFalse(result.suggestion(Method.STEEPEST).isPresent());
    }

    @Test
    void capsTheSweepAtNumIter() {
        AnalysisResult result = Compat.TORCH_LR_FINDER.analyze(Curves.logSpaced(-5, 0.1, 40), step(), 30);
        assertEquals(30, result.size());
        assertTrue(result.notes().get(0).startsWith("torch-lr-finder stops after num_iter = 30 steps"));
    }

    @Test
    void lookupByName() {
        assertEquals(Compat.FASTAI, Compat.byName("fastai"));
        assertEquals(Compat.LIGHTNING, Compat.byName("Lightning"));
        assertEquals(Compat.TORCH_LR_FINDER, Compat.byName("torch-lr-finder"));
        assertEquals("compat = keras: must be one of fastai, lightning, torch-lr-finder",
                assertThrows(IllegalArgumentException.class, () -> Compat.byName("keras")).getMessage());
    }

    @Test
    void requestedStepsMustBePositive() {
        assertEquals("steps = 0: must be an integer >= 1: the number of steps the sweep was asked for "
                + "(num_it, num_training, num_iter)", assertThrows(IllegalArgumentException.class,
                        () -> Compat.TORCH_LR_FINDER.analyze(new double[] {1e-3}, new double[] {1}, 0)).getMessage());
    }
}
