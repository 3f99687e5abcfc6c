package dev.lrfinder.bench;

import java.util.Random;

/** Seeded, realistic range-test curves for the analysis benchmarks. */
final class BenchCurves {

    private BenchCurves() {
    }

    /** lrs from 1e-7 to 10, log-spaced. */
    static double[] lrs(int points) {
        double[] lrs = new double[points];
        for (int i = 0; i < points; i++) {
            lrs[i] = Math.pow(10, -7 + 8.0 * i / (points - 1));
        }
        return lrs;
    }

    /**
     * A cross-entropy-like sweep: a plateau near 2.3, a descent to 0.3 around 1e-3, then divergence,
     * with batch noise of 5%.
     */
    static double[] losses(double[] lrs, long seed) {
        Random random = new Random(seed);
        double[] losses = new double[lrs.length];
        for (int i = 0; i < lrs.length; i++) {
            double u = Math.log10(lrs[i]);
            double clean = 0.3 + 2.0 / (1 + Math.exp(3 * (u + 3.5))) + Math.exp(2.5 * (u + 0.5));
            losses[i] = clean * (1 + 0.05 * random.nextGaussian());
        }
        return losses;
    }
}
