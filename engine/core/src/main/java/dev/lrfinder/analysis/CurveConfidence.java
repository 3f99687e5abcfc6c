package dev.lrfinder.analysis;

import static dev.lrfinder.analysis.PreparedCurve.fmt;

import java.util.Arrays;

/**
 * How far one run's answer can be trusted, read off its own curve, where there is no second run to
 * measure a spread against:
 *
 * <ul>
 *   <li><b>fall</b>: how far the smoothed loss falls from its first point to its minimum, as a share
 *       of the first point. A curve that hardly falls has no sweet spot to read.
 *   <li><b>noise</b>: the median, up to the minimum, of the raw loss's second difference over
 *       sqrt(6) (the standard deviation of white noise, with the trend taken out), as a share of the
 *       loss there (the mean of the three raw points: the smoothed loss lags a fall). On a noisy
 *       curve every rule's point moves from run to run.
 *   <li><b>margin</b>: how many points lie between the answer (the curve point nearest its rate)
 *       and the nearer end of the analysed curve. An answer at an end may lie beyond the sweep.
 * </ul>
 *
 * <p>HIGH needs a fall of at least {@link #HIGH_MIN_FALL}, noise at most {@link #HIGH_MAX_NOISE} and a
 * margin of at least {@link #HIGH_MIN_MARGIN} points; MEDIUM {@link #MEDIUM_MIN_FALL}, {@link
 * #MEDIUM_MAX_NOISE} and {@link #MEDIUM_MIN_MARGIN}; anything else is LOW. The thresholds are those
 * of a 100-point sweep: the default task's runs fall by 90% or more with noise under 5%.
 *
 * @param fall the smoothed loss's fall to its minimum, a share of its first point
 * @param noise the raw loss's step-to-step noise, a share of the smoothed loss
 * @param margin points between the answer and the nearer end
 * @param level the confidence these give
 */
public record CurveConfidence(double fall, double noise, int margin, Confidence level) {

    public static final double HIGH_MIN_FALL = 0.30;
    public static final double HIGH_MAX_NOISE = 0.05;
    public static final int HIGH_MIN_MARGIN = 10;
    public static final double MEDIUM_MIN_FALL = 0.10;
    public static final double MEDIUM_MAX_NOISE = 0.15;
    public static final int MEDIUM_MIN_MARGIN = 3;

    /** The confidence of {@code run}'s answer {@code lr}. */
    public static CurveConfidence of(AnalysisResult run, double lr) {
        double[] smoothed = run.smoothedView();
        double[] lrs = run.lrsView();
        double[] raw = run.rawLosses();
        int n = 0;
        while (n < smoothed.length && Double.isFinite(smoothed[n])) {
            n++;
        }
        if (n < 3) {
            return new CurveConfidence(0, Double.NaN, 0, Confidence.LOW);
        }
        int argmin = 0;
        for (int i = 1; i < n; i++) {
            if (smoothed[i] < smoothed[argmin]) {
                argmin = i;
            }
        }
        double fall = smoothed[0] == 0 ? 0 : (smoothed[0] - smoothed[argmin]) / Math.abs(smoothed[0]);
        int upTo = Math.max(argmin, 2);
        double[] relative = new double[upTo - 1];
        int count = 0;
        for (int i = 1; i < upTo && i + 1 < n; i++) {
            double second = raw[i + 1] - 2 * raw[i] + raw[i - 1];
            double local = Math.abs(raw[i + 1] + raw[i] + raw[i - 1]) / 3; // the smoothed loss lags a fall
            if (Double.isFinite(second) && local > 0) {
                relative[count++] = Math.abs(second) / Math.sqrt(6) / local;
            }
        }
        double noise = count == 0 ? Double.NaN : Quantiles.percentile(Arrays.copyOf(relative, count), count, 0.5);
        int index = -1;
        if (lr > 0) {
            index = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(Math.log(lrs[i] / lr)) < Math.abs(Math.log(lrs[index] / lr))) {
                    index = i;
                }
            }
        }
        int margin = index < 0 ? 0 : Math.min(index, n - 1 - index);
        Confidence level;
        if (fall >= HIGH_MIN_FALL && noise <= HIGH_MAX_NOISE && margin >= HIGH_MIN_MARGIN) {
            level = Confidence.HIGH;
        } else if (fall >= MEDIUM_MIN_FALL && noise <= MEDIUM_MAX_NOISE && margin >= MEDIUM_MIN_MARGIN) {
            level = Confidence.MEDIUM;
        } else {
            level = Confidence.LOW;
        }
        return new CurveConfidence(fall, noise, margin, level);
    }

    /** Why this level, for the reasoning text. */
    public String explain() {
        String measured = "one run: the smoothed loss falls " + fmt(fall * 100) + "% to its minimum, noise "
                + fmt(noise * 100) + "% of the loss per step, the answer " + margin + " points from the nearer end";
        return switch (level) {
            case HIGH -> measured;
            case MEDIUM -> measured + " (HIGH needs a fall >= " + (int) (HIGH_MIN_FALL * 100) + "%, noise <= "
                    + (int) (HIGH_MAX_NOISE * 100) + "% and " + HIGH_MIN_MARGIN + " points)";
            case LOW -> measured + " (MEDIUM needs a fall >= " + (int) (MEDIUM_MIN_FALL * 100) + "%, noise <= "
                    + (int) (MEDIUM_MAX_NOISE * 100) + "% and " + MEDIUM_MIN_MARGIN + " points)";
        };
    }
}
