package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.analysis.interpolation.LoessInterpolator;
import org.junit.jupiter.api.Test;

/** lrfinder's LOESS against commons-math's, which it replaces: equal up to 10,000 points, close beyond. */
class LoessTest {

    /** A noisy range-test shape on an unevenly spaced log axis, with spikes. */
    private static double[][] curve(int n, long seed) {
        return curve(n, seed, true);
    }

    private static double[][] curve(int n, long seed, boolean spikes) {
        Random random = new Random(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        double u = -7;
        for (int i = 0; i < n; i++) {
            u += (0.5 + random.nextDouble()) * 8.0 / n;
            x[i] = u;
            double fall = 1 / (1 + Math.exp(-(u + 2) * 3));
            y[i] = 2.3 - 1.8 * fall + 0.05 * random.nextGaussian() + (random.nextInt(40) == 0 && spikes ? 5 : 0);
        }
        return new double[][] {x, y};
    }

    @Test
    void upToTenThousandPointsItIsCommonsMathBitForBit() {
        for (int n : new int[] {3, 7, 40, 100, 733, 2_000}) {
            double[][] c = curve(n, n);
            double bandwidth = Math.min(1.0, Math.max(RobustLoessSmoothing.DEFAULT_BANDWIDTH, 3.0 / n));
            for (int iterations = 0; iterations <= 2; iterations++) {
                double[] expected = new LoessInterpolator(bandwidth, iterations).smooth(c[0], c[1]);
                assertArrayEquals(expected, Loess.smooth(c[0], c[1], bandwidth, iterations), 0.0,
                        n + " points, " + iterations + " iterations");
            }
        }
    }

    @Test
    void longerCurvesFittedAtAnchorsStayWithinAThousandthOfTheLossOfTheFullComputation() {
        int n = 25_000;
        double[][] c = curve(n, 11);
        double[] full = new LoessInterpolator(RobustLoessSmoothing.DEFAULT_BANDWIDTH, 2).smooth(c[0], c[1]);
        double[] anchored = Loess.smooth(c[0], c[1], RobustLoessSmoothing.DEFAULT_BANDWIDTH, 2);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(full[i] - anchored[i]));
        }
        // The curve falls by 1.8; the anchors are 1/32 of a 3,750-point window apart.
        assertTrue(worst < 1e-3, "largest difference " + worst);
    }

    @Test
    void aMillionPointsAreSmoothedAsTheCurveWithoutItsSpikes() {
        int n = 1_000_000;
        double[][] spiked = curve(n, 5, true);
        double[][] clean = curve(n, 5, false);
        double[] a = Smoothing.robust().smooth(spiked[0], spiked[1]);
        double[] b = Smoothing.robust().smooth(clean[0], clean[1]);
        assertEquals(n, a.length);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        // One point in 40 is 5 loss units too high; an EMA would lift the whole curve by about 0.12.
        assertTrue(worst < 0.01, "largest difference " + worst);
    }
}
