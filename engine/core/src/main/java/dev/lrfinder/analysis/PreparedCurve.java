package dev.lrfinder.analysis;

import java.util.Locale;

/**
 * One validated, smoothed curve with the derivatives the rules share, computed once and only when
 * a rule asks for them.
 */
final class PreparedCurve {

    final double[] lrs;
    final double[] log10Lr;
    final double[] loss;
    private double[] gradientLog10;
    private double[] gradientIndex;

    PreparedCurve(double[] lrs, double[] log10Lr, double[] smoothedLoss) {
        this.lrs = lrs;
        this.log10Lr = log10Lr;
        this.loss = smoothedLoss;
    }

    int size() {
        return lrs.length;
    }

    /** d loss / d log10(lr), numpy-style; needs at least 2 points. */
    double[] gradientLog10() {
        if (gradientLog10 == null) {
            gradientLog10 = Derivatives.gradient(loss, log10Lr);
        }
        return gradientLog10;
    }

    /** d loss / d index, numpy-style; needs at least 2 points. */
    double[] gradientIndex() {
        if (gradientIndex == null) {
            gradientIndex = Derivatives.gradient(loss);
        }
        return gradientIndex;
    }

    /** Index of the first smallest value of {@code values[from..to)}. */
    static int argmin(double[] values, int from, int to) {
        int best = from;
        for (int i = from + 1; i < to; i++) {
            if (values[i] < values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** A learning rate or loss for reasons: three significant digits, locale-independent. */
    static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
