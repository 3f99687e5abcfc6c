package dev.lrfinder.analysis;

/**
 * Checks a range test's arrays before anything is computed, with messages that name the parameter,
 * the offending value and what is allowed.
 *
 * <p>Outcomes, as documented on {@link CurveAnalysis#analyze}:
 * <ul>
 *   <li>null, empty arrays, different lengths, or a learning rate that is not finite, not positive,
 *       repeated or smaller than its predecessor: {@link IllegalArgumentException};</li>
 *   <li>a NaN or infinite loss: accepted; the curve ends before it ({@link #finitePrefix}).</li>
 * </ul>
 */
final class CurveValidation {

    private CurveValidation() {
    }

    /** Validates the learning rates alone. */
    static void checkLrs(double[] lrs) {
        if (lrs == null) {
            throw new IllegalArgumentException("lrs is null: pass one learning rate per step");
        }
        if (lrs.length == 0) {
            throw new IllegalArgumentException("lrs is empty: a range test needs at least 1 point");
        }
        for (int i = 0; i < lrs.length; i++) {
            double lr = lrs[i];
            if (!Double.isFinite(lr)) {
                throw new IllegalArgumentException("lrs[" + i + "] = " + lr + " is not finite: learning rates must be finite and > 0");
            }
            if (lr <= 0) {
                throw new IllegalArgumentException("lrs[" + i + "] = " + lr + " is not positive: learning rates must be finite and > 0");
            }
            if (i > 0 && lr == lrs[i - 1]) {
                throw new IllegalArgumentException("lrs[" + i + "] = lrs[" + (i - 1) + "] = " + lr
                        + " is a duplicate: lrs must be strictly increasing");
            }
            if (i > 0 && lr < lrs[i - 1]) {
                throw new IllegalArgumentException("lrs[" + i + "] = " + lr + " is less than lrs[" + (i - 1) + "] = "
                        + lrs[i - 1] + ": lrs must be strictly increasing");
            }
        }
    }

    /** Validates both arrays; losses may hold NaN, infinities and negative values. */
    static void check(double[] lrs, double[] losses) {
        if (losses == null) {
            throw new IllegalArgumentException("losses is null: pass one loss per step");
        }
        if (lrs != null && lrs.length != losses.length) {
            throw new IllegalArgumentException("lrs has " + lrs.length + " points but losses has " + losses.length
                    + ": pass exactly one loss per learning rate");
        }
        checkLrs(lrs);
    }

    /** The number of leading finite losses: the index of the first NaN or infinity, or the length. */
    static int finitePrefix(double[] losses) {
        for (int i = 0; i < losses.length; i++) {
            if (!Double.isFinite(losses[i])) {
                return i;
            }
        }
        return losses.length;
    }
}
