package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompatLightningTest {

    @Test
    void debiasExponentIsOneMoreThanTheNumberOfUpdates() {
        // Loss 1: avg = 0.02 after one update, divided by 1 - 0.98^2 (not 1 - 0.98): s0 = 1/1.98;
        // avg = 0.0396 after two, divided by 1 - 0.98^3 = 0.058808.
        AnalysisResult result = Compat.LIGHTNING.analyze(Curves.logSpaced(-6, 0.1, 30), Curves.constant(30, 1), 30);
        double[] smoothed = result.smoothedLosses();
        assertEquals(1 / 1.98, smoothed[0], 1e-15);
        assertEquals(0.0396 / 0.058808, smoothed[1], 1e-14);
    }

    @Test
    void stopsAgainstTheFirstPointsBestAndKeepsTheStoppingPoint() {
        // best = s0 = 0.505; loss 100 at index 20 lifts s20 far above 4 x best.
        double[] raw = Curves.constant(40, 1);
        raw[20] = 100;
        AnalysisResult result = Compat.LIGHTNING.analyze(Curves.logSpaced(-6, 0.1, 40), raw, 40);
        assertEquals(21, result.size());
    }

    @Test
    void gradientIsAgainstTheRawLrSoEarlyPointsDominate() {
        // On the cosine curve the steepest point per decade is k = 20; against the raw lr the closely
        // spaced early points win. Computed with torch.gradient's formula on numpy float32: 14, where
        // torch-lr-finder's index gradient on the same curve says 31.
        double[] lrs = Curves.cosineGridLrs();
        AnalysisResult result = Compat.LIGHTNING.analyze(lrs, Curves.cosine(lrs), 61);
        assertEquals(14, result.suggestion(Method.STEEPEST).index());
        assertEquals(lrs[14], result.suggestion(Method.STEEPEST).lr()); // the recorded float64 lr
        assertEquals(31, Compat.TORCH_LR_FINDER.analyze(lrs, Curves.cosine(lrs), 61).suggestion(Method.STEEPEST).index());
    }

    @Test
    void stepCurve() {
        // Loss 1 for 20 steps, then 0.5; computed on numpy float32.
        double[] lrs = Curves.logSpaced(-5, 0.1, 40);
        double[] raw = Curves.constant(40, 1);
        for (int i = 20; i < 40; i++) {
            raw[i] = 0.5;
        }
        assertEquals(20, Compat.LIGHTNING.analyze(lrs, raw, 40).suggestion(Method.STEEPEST).index());
    }

    @Test
    void dropsNonFiniteLossesAndMapsTheAnswerBackToTheRecordedIndex() {
        double[] lrs = Curves.logSpaced(-6, 0.1, 40);
        double[] raw = Curves.cosine(lrs);
        raw[25] = Double.NaN; // the EMA is NaN from here on, and Lightning never stops on NaN
        AnalysisResult result = Compat.LIGHTNING.analyze(lrs, raw, 40);
        assertEquals(40, result.size());
        Suggestion steepest = result.suggestion(Method.STEEPEST);
        assertTrue(steepest.index() >= 10 && steepest.index() < 25, steepest.toString());
        assertEquals(lrs[steepest.index()], steepest.lr());
        assertTrue(result.notes().contains("Lightning drops 14 non-finite losses before the gradient"), result.notes().toString());
    }

    @Test
    void needsTwoFinitePointsAfterSkipping() {
        // 12 points: [10 : -1] keeps one.
        Suggestion steepest = Compat.LIGHTNING.analyze(Curves.logSpaced(-6, 0.1, 12), Curves.constant(12, 1), 12)
                .suggestion(Method.STEEPEST);
        assertFalse(steepest.isPresent());
        assertTrue(steepest.reason().startsWith("Lightning needs 2 finite points in [10 : -1], got 1"), steepest.reason());
    }
}
