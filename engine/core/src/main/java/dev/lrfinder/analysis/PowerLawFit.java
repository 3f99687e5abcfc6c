package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * A power law {@code lr = c * B^a} fitted to learning rates found at several batch sizes: ordinary
 * least squares of {@code ln lr} on {@code ln B}, with the 95% confidence interval of the exponent
 * from Student's t (the residuals of a log-log fit of range-test answers are close to normal; their
 * spread between runs is a factor, not a difference). Every run's answer is one point, so the
 * interval says how far the runs' own scatter lets the exponent move.
 *
 * <p>The two scaling rules people use are exponents: the linear rule (Goyal et al. 2017: double the
 * batch, double the rate) is {@code a = 1}, the square-root rule (Krizhevsky 2014, Hoffer et al.
 * 2017; what Adam-type optimizers are often said to follow) is {@code a = 0.5}. {@link #admits}
 * says whether the data's interval contains one.
 *
 * @param points how many (batch size, lr) pairs were fitted
 * @param batchSizes how many distinct batch sizes they span
 * @param exponent the fitted {@code a}
 * @param ciLow the lower end of the 95% interval of {@code a}; NaN below 3 points
 * @param ciHigh the upper end of that interval
 * @param coefficient {@code c}, the lr the fit gives at a batch size of 1
 */
public record PowerLawFit(int points, int batchSizes, double exponent, double ciLow, double ciHigh, double coefficient) {

    /** The linear scaling rule's exponent. */
    public static final double LINEAR_RULE = 1.0;
    /** The square-root scaling rule's exponent. */
    public static final double SQUARE_ROOT_RULE = 0.5;
    /** The interval's confidence level. */
    public static final double CONFIDENCE = 0.95;

    /**
     * Fits {@code lrs[i] = c * batchSizes[i]^a}.
     *
     * @param batchSizes one per point, each > 0; at least two distinct
     * @param lrs one per point, each finite and > 0
     */
    public static PowerLawFit fit(double[] batchSizes, double[] lrs) {
        if (batchSizes.length != lrs.length) {
            throw Checks.invalid("lrs", lrs.length + " values", "one per batch size (" + batchSizes.length + ")");
        }
        SimpleRegression regression = new SimpleRegression();
        Set<Double> distinct = new TreeSet<>();
        for (int i = 0; i < lrs.length; i++) {
            Checks.positive("batchSizes[" + i + "]", batchSizes[i]);
            Checks.positive("lrs[" + i + "]", lrs[i]);
            regression.addData(Math.log(batchSizes[i]), Math.log(lrs[i]));
            distinct.add(batchSizes[i]);
        }
        if (distinct.size() < 2) {
            throw Checks.invalid("batchSizes", distinct, "at least 2 distinct batch sizes for a power law");
        }
        int n = lrs.length;
        double a = regression.getSlope();
        double low = Double.NaN;
        double high = Double.NaN;
        if (n >= 3) {
            // Exact collinearity gives a zero standard error: the interval is the point itself.
            double se = regression.getSlopeStdErr();
            double t = new TDistribution(n - 2).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
            double half = Double.isFinite(se) ? t * se : Double.NaN;
            low = a - half;
            high = a + half;
        }
        return new PowerLawFit(n, distinct.size(), a, low, high, Math.exp(regression.getIntercept()));
    }

    /** Whether the 95% interval contains {@code exponent}; false when there is no interval (below 3 points). */
    public boolean admits(double exponent) {
        return exponent >= ciLow && exponent <= ciHigh;
    }

    /** The lr the fit gives at {@code batchSize}. */
    public double lrAt(double batchSize) {
        return coefficient * Math.pow(batchSize, exponent);
    }
}
