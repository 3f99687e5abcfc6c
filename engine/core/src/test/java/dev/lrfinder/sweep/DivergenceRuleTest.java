package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class DivergenceRuleTest {

    /** The step at which the rule stops a curve, or -1. */
    private static int stopStep(DivergenceRule rule, int n, IntToDoubleFunction loss) {
        DivergenceRule.Monitor m = rule.newMonitor();
        for (int i = 0; i < n; i++) {
            if (m.observe(loss.applyAsDouble(i)) != null) {
                return i;
            }
        }
        return -1;
    }

    /** A range-test shape: flat at 2.3, falls to 0.5 by step 60, then grows exponentially. */
    private static double typical(int i) {
        if (i < 30) {
            return 2.3;
        }
        if (i < 60) {
            return 2.3 - 1.8 * (i - 30) / 30.0;
        }
        return 0.5 * Math.exp((i - 60) / 5.0);
    }

    /** fastai's rule on the same smoothing: best updated first, then stop once s > 4 * best. */
    private static int fastaiStop(int n, IntToDoubleFunction loss) {
        double avg = 0, best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            avg = 0.98 * avg + 0.02 * loss.applyAsDouble(i);
            double s = avg / (1 - Math.pow(0.98, i + 1));
            best = Math.min(best, s);
            if (s > 4 * best) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void positiveLossesStopNoLaterThanFastaiOnceTheRawLossHasRisenFourfold() {
        int ours = stopStep(DivergenceRule.defaultRule(), 200, DivergenceRuleTest::typical);
        int fastai = fastaiStop(200, DivergenceRuleTest::typical);
        assertTrue(ours <= fastai, "ours " + ours + ", fastai " + fastai);
        // The raw median of 5 is two steps late: the loss two steps back is already past 4 x 0.5.
        assertTrue(typical(ours - 2) > 4 * 0.5, "stopped at " + ours + " with loss " + typical(ours - 2));
    }

    @Test
    void aCollapseToChanceStopsTheSweepAtTheCollapse() {
        double[] losses = CollapseCurve.losses();
        int ours = stopStep(DivergenceRule.defaultRule(), CollapseCurve.STEPS, i -> losses[i]);
        // The smoothed loss alone never reaches 4x its best: the sweep ran on to lr 10.
        assertEquals(-1, fastaiStop(CollapseCurve.STEPS, i -> losses[i]));
        assertTrue(ours >= CollapseCurve.SPIKE - 3 && ours <= CollapseCurve.SPIKE + 3,
                "stopped at " + ours + " (lr " + CollapseCurve.lrs()[Math.max(ours, 0)] + "), the spike is at "
                        + CollapseCurve.SPIKE);
    }

    @Test
    void aReturnToTheStartingLevelStopsTheSweepWhateverTheThreshold() {
        // Falls from 2.3 to 1.0 (a drop the 4x rule cannot see: 2.3 < 4 x 1.0) and climbs back.
        IntToDoubleFunction loss = i -> i < 20 ? 2.3 : i < 50 ? 2.3 - 1.3 * (i - 20) / 30.0 : i < 70 ? 1.0 : 2.3;
        int ours = stopStep(DivergenceRule.threshold(10), 150, loss);
        assertTrue(ours >= 70 && ours <= 73, "stopped at " + ours);
        assertEquals(-1, stopStep(DivergenceRule.none(), 150, loss));
    }

    @Test
    void negativeLossesStopOnlyWhenTheyBlowUp() {
        IntToDoubleFunction shifted = i -> typical(i) - 10; // -7.7 falling to -9.5, then rising
        // fastai's rule fails here: 4 * best is far below best, so it stops at the first step.
        assertEquals(0, fastaiStop(200, shifted));
        int ours = stopStep(DivergenceRule.defaultRule(), 200, shifted);
        assertTrue(ours > 60, "stopped at " + ours);
        // It stops once the loss has risen three times as far as it fell (1.8): above -9.5 + 5.4.
        DivergenceRule.Monitor m = DivergenceRule.defaultRule().newMonitor();
        for (int i = 0; i <= ours; i++) {
            m.observe(shifted.applyAsDouble(i));
        }
        assertTrue(m.smoothedLoss() > -9.5 + 3 * 0.1 * 1.8, "smoothed " + m.smoothedLoss());
    }

    @Test
    void aNearZeroBestDoesNotTurnNoiseIntoDivergence() {
        // A regression that fits almost exactly: falls from 1 to 1e-6, then drifts between 1e-6 and
        // 1e-4 for a long time (noise, in units of the fall), then explodes at step 1000.
        IntToDoubleFunction loss = i -> i < 50 ? Math.pow(10, -6.0 * i / 50)
                : i < 1000 ? 1e-6 + ((i / 150) % 2 == 1 ? 1e-4 : 0) : 1e-6 * Math.exp(i - 1000);
        int fastai = fastaiStop(1100, loss);
        int ours = stopStep(DivergenceRule.defaultRule(), 1100, loss);
        assertTrue(fastai < 1000, "fastai stops in the drift, at " + fastai);
        assertTrue(ours >= 1000, "ours waits for the real rise, stopped at " + ours);
    }

    @Test
    void noiseOnAFlatNegativeStartIsNotDivergence() {
        java.util.Random random = new java.util.Random(1);
        double[] noisy = new double[300];
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = -9 + 0.05 * random.nextGaussian() + (i > 250 ? Math.exp((i - 250) / 5.0) : 0);
        }
        int ours = stopStep(DivergenceRule.defaultRule(), 300, i -> noisy[i]);
        assertTrue(ours > 250, "stopped at " + ours);
    }

    @Test
    void nonFiniteLossesStopEvenWithoutARule() {
        DivergenceRule.Monitor m = DivergenceRule.none().newMonitor();
        assertNull(m.observe(1.0));
        assertNull(m.observe(1e30));
        assertEquals(StopReason.NON_FINITE, m.observe(Double.NaN));
        assertEquals(StopReason.NON_FINITE, DivergenceRule.defaultRule().newMonitor().observe(Double.POSITIVE_INFINITY));
    }

    @Test
    void noneNeverStopsAFiniteCurve() {
        assertEquals(-1, stopStep(DivergenceRule.none(), 200, DivergenceRuleTest::typical));
    }

    @Test
    void aHigherThresholdStopsLater() {
        // Starts at 10, far above where it blows up, so that a return to the start plays no part.
        IntToDoubleFunction loss = i -> i < 60 ? 10 - 9.5 * i / 60.0 : 0.5 * Math.exp((i - 60) / 5.0);
        int four = stopStep(DivergenceRule.threshold(4), 200, loss);
        int ten = stopStep(DivergenceRule.threshold(10), 200, loss);
        assertTrue(ten > four, four + " then " + ten);
    }
}
