package dev.lrfinder.analysis;

/** Hand-built curves with answers that follow from their formulas. */
final class Curves {

    private Curves() {
    }

    /** lr = 10^(start + step * k), k = 0..n-1. */
    static double[] logSpaced(double start, double step, int n) {
        double[] lrs = new double[n];
        for (int k = 0; k < n; k++) {
            lrs[k] = Math.pow(10, start + step * k);
        }
        return lrs;
    }

    /**
     * loss(u) = 2 + cos(pi (u + 6) / 4) at u = log10(lr) of each lr: 3 at u = -6, falling fastest at
     * u = -4 (slope -pi/4 per decade), lowest (1) at u = -2, rising again towards u = 0.
     */
    static double[] cosine(double[] lrs) {
        double[] losses = new double[lrs.length];
        for (int k = 0; k < lrs.length; k++) {
            losses[k] = 2 + Math.cos(Math.PI * (Math.log10(lrs[k]) + 6) / 4);
        }
        return losses;
    }

    /** The cosine curve on u = -6, -5.9, ..., 0: 61 points, steepest at index 20, minimum at index 40. */
    static double[] cosineGridLrs() {
        return logSpaced(-6, 0.1, 61);
    }

    static AnalysisOptions unsmoothed() {
        return AnalysisOptions.builder().optSmoothing(Smoothing.none()).build();
    }

    static double[] constant(int n, double value) {
        double[] values = new double[n];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
