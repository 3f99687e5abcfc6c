package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;

/**
 * Checks a range test's arrays before anything is computed, with messages in the one form every bad
 * value gets ({@code name = value: must be ...}, {@link Checks#invalid}).
 *
 * <p>Outcomes, as documented on {@link CurveAnalysis#analyze}:
 * <ul>
 *   <li>null, empty arrays, different lengths, or a learning rate that is not finite, below
 *       {@link CurveAnalysis#MIN_LR}, repeated, smaller than its predecessor or so close to it that
 *       their log10 is the same double: {@link IllegalArgumentException};</li>
 *   <li>a NaN or infinite loss: accepted; the curve ends before it.</li>
 * </ul>
 */
final class CurveValidation {

    private static final String ALLOWED_LR = "a finite number >= " + CurveAnalysis.MIN_LR + " (the smallest normal double)";

    private CurveValidation() {
    }

    /** Validates the learning rates alone. */
    static void checkLrs(double[] lrs) {
        if (lrs == null) {
            throw Checks.invalid("lrs", null, "an array of one learning rate per step");
        }
        if (lrs.length == 0) {
            throw Checks.invalid("lrs", "[]", "at least 1 point");
        }
        double previousLog = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < lrs.length; i++) {
            double lr = lrs[i];
            if (!(lr >= CurveAnalysis.MIN_LR) || !Double.isFinite(lr)) {
                throw Checks.invalid("lrs[" + i + "]", lr, ALLOWED_LR);
            }
            if (i > 0 && !(lr > lrs[i - 1])) {
                throw Checks.invalid("lrs[" + i + "]", lr, "greater than lrs[" + (i - 1) + "] = " + lrs[i - 1]
                        + " (learning rates must be strictly increasing)");
            }
            // The rules work on log10(lr): two rates one rounding step apart near 1e300 share it.
            double log = Math.log10(lr);
            if (!(log > previousLog)) {
                throw Checks.invalid("lrs[" + i + "]", lr, "further above lrs[" + (i - 1) + "] = " + lrs[i - 1]
                        + ": both have log10 " + log + ", and the rules read the curve on log10(lr)");
            }
            previousLog = log;
        }
    }

    /** Validates both arrays; losses may hold NaN, infinities and negative values. */
    static void check(double[] lrs, double[] losses) {
        if (losses == null) {
            throw Checks.invalid("losses", null, "an array of one loss per step");
        }
        if (lrs != null && lrs.length != losses.length) {
            throw Checks.invalid("losses", losses.length + " values", "one per learning rate, as many as lrs ("
                    + lrs.length + ")");
        }
        checkLrs(lrs);
    }
}
