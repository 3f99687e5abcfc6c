package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmoothingTest {

    private static final double[] X3 = {0, 1, 2};

    @Test
    void debiasedEmaMatchesHandComputedValues() {
        // beta 0.5 on 1, 2, 3: v = 0.5, 1.25, 2.125; divided by 1 - 0.5^k = 0.5, 0.75, 0.875.
        double[] smoothed = Smoothing.debiasedEma(0.5).smooth(X3, new double[] {1, 2, 3});
        assertArrayEquals(new double[] {1, 1.25 / 0.75, 2.125 / 0.875}, smoothed, 1e-15);
    }

    @Test
    void debiasedEmaReturnsTheFirstLossUnchangedAndAConstantUnchanged() {
        double[] smoothed = Smoothing.debiasedEma().smooth(Derivatives.log10(Curves.logSpaced(-5, 0.1, 50)),
                Curves.constant(50, 2.5));
        for (double value : smoothed) {
            assertEquals(2.5, value, 1e-12);
        }
    }

    @Test
    void plainEmaStartsAtTheFirstLoss() {
        // s = 1, 0.5*2 + 0.5*1 = 1.5, 0.5*3 + 0.5*1.5 = 2.25.
        assertArrayEquals(new double[] {1, 1.5, 2.25}, Smoothing.ema(0.5).smooth(X3, new double[] {1, 2, 3}), 0);
    }

    @Test
    void noneCopiesTheLosses() {
        double[] losses = {3, 1, 2};
        double[] smoothed = Smoothing.none().smooth(X3, losses);
        assertArrayEquals(losses, smoothed, 0);
        smoothed[0] = 99;
        assertEquals(3, losses[0]);
    }

    @Test
    void robustReproducesAStraightLine() {
        double[] x = Derivatives.log10(Curves.logSpaced(-6, 0.05, 100));
        double[] line = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            line[i] = 4 - 0.5 * x[i];
        }
        assertArrayEquals(line, Smoothing.robust().smooth(x, line), 1e-9);
    }

    @Test
    void robustIgnoresASingleSpikeThatAnEmaCarriesForward() {
        double[] lrs = Curves.cosineGridLrs();
        double[] x = Derivatives.log10(lrs);
        double[] clean = Curves.cosine(lrs);
        double[] spiked = clean.clone();
        spiked[30] = 100 * clean[30];
        double[] robust = Smoothing.robust().smooth(x, spiked);
        double[] ema = Smoothing.debiasedEma().smooth(x, spiked);
        // The spike is 200 loss units; the robust curve stays within 0.05 of the clean one everywhere.
        for (int i = 0; i < clean.length; i++) {
            assertEquals(clean[i], robust[i], 0.05, "robust at " + i);
        }
        assertTrue(ema[35] - clean[35] > 2, "the EMA still carries the spike 5 steps later: " + ema[35]);
    }

    @Test
    void robustLeavesTinyCurvesAlone() {
        assertArrayEquals(new double[] {5, 1}, Smoothing.robust().smooth(new double[] {0, 1}, new double[] {5, 1}), 0);
        assertEquals(3, Smoothing.robust().smooth(X3, new double[] {1, 2, 3}).length);
    }

    @Test
    void byNameResolvesEveryNameIgnoringCase() {
        assertSame(Smoothing.debiasedEma(), Smoothing.byName("debiased-ema"));
        assertSame(Smoothing.ema(), Smoothing.byName("EMA"));
        assertSame(Smoothing.none(), Smoothing.byName(" none "));
        assertSame(Smoothing.robust(), Smoothing.byName("robust"));
        for (String name : Smoothing.names()) {
            assertEquals(name, Smoothing.byName(name).id());
        }
    }

    @Test
    void byNameRejectsUnknownNamesListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Smoothing.byName("gauss"));
        assertEquals("smoothing = gauss: must be one of debiased-ema, ema, none, robust", e.getMessage());
    }

    @Test
    void parametersAreValidated() {
        assertEquals("beta = 1.0: must be a number in [0.0, 1.0)",
                assertThrows(IllegalArgumentException.class, () -> Smoothing.debiasedEma(1.0)).getMessage());
        assertEquals("factor = 0.0: must be a number in (0, 1]",
                assertThrows(IllegalArgumentException.class, () -> Smoothing.ema(0)).getMessage());
        assertEquals("bandwidth = 1.5: must be a number in (0, 1]",
                assertThrows(IllegalArgumentException.class, () -> Smoothing.robust(1.5)).getMessage());
        assertEquals("losses = 2 values: must be one per point of log10Lr (3)",
                assertThrows(IllegalArgumentException.class, () -> Smoothing.ema().smooth(X3, new double[2])).getMessage());
    }

    @Test
    void theDefaultIsTheRobustLoessAndEveryTargetReadsIt() {
        assertSame(Smoothing.robust(), Smoothing.DEFAULT);
        assertEquals(0.15, RobustLoessSmoothing.DEFAULT_BANDWIDTH);
        assertEquals(0.98, DebiasedEmaSmoothing.DEFAULT_BETA);
        assertEquals(0.05, EmaSmoothing.DEFAULT_FACTOR);
        for (dev.lrfinder.sweep.TrainingSchedule target : dev.lrfinder.sweep.TrainingSchedule.values()) {
            assertSame(Smoothing.DEFAULT, TargetRule.of(target).smoothing(), target.id());
        }
        assertSame(Smoothing.DEFAULT, AnalysisOptions.defaults().smoothing());
    }

    @Test
    void theDefaultFollowsAFallWithoutTheEmasLag() {
        // A sharp fall from 2.3 to 0.05 centred on step 50 of a 100-step sweep, with 5% batch noise.
        int n = 100;
        double[] x = Derivatives.log10(Curves.logSpaced(-7, 8.0 / 99, n));
        double[] clean = new double[n];
        double[] noisy = new double[n];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            clean[i] = 0.05 + 2.25 / (1 + Math.exp((i - 50) / 3.0));
            noisy[i] = clean[i] * (1 + 0.05 * random.nextGaussian());
        }
        double[] smoothed = Smoothing.DEFAULT.smooth(x, noisy);
        double[] ema = Smoothing.ema().smooth(x, noisy);
        // Ten steps past the middle of the fall the loss is near 0.13: the EMA still says more than 1.
        assertEquals(clean[60], smoothed[60], 0.1, "the default at step 60");
        assertTrue(ema[60] > 1.0, "the EMA says " + ema[60] + " where the loss is " + clean[60]);
        assertEquals(crossing(clean, 1.175), crossing(smoothed, 1.175), 1, "half-way down, in steps");
        assertTrue(crossing(ema, 1.175) - crossing(clean, 1.175) >= 10, "the EMA is half-way down at step "
                + crossing(ema, 1.175));
    }

    /** The first index where {@code values} falls below {@code level}. */
    private static int crossing(double[] values, double level) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < level) {
                return i;
            }
        }
        return -1;
    }
}
