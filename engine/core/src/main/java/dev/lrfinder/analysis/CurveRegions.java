package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;
import java.util.Arrays;

/**
 * The three parts of a range-test curve as a person reads them, found on its smoothed loss:
 * <ul>
 *   <li><b>too low</b>, {@code [lrs[0], fallStart)}: before the loss starts its fall;</li>
 *   <li><b>sweet spot</b>, {@code [fallStart, floorStart]}: the loss falls steeply, at least
 *       {@link #STEEP_SHARE} of its steepest fall per decade of lr, until that stops or it comes
 *       within the divergence tolerance of its minimum (the floor);</li>
 *   <li><b>divergence</b>, {@code [turnUp, lrs[n-1]]}: past the last point on the floor the loss rises
 *       for good, the same rule as {@link Method#DIVERGENCE}.</li>
 * </ul>
 * Between {@code floorStart} and {@code turnUp} the loss lies near its floor, neither falling fast
 * nor exploding; that stretch belongs to no region.
 *
 * <p>Why the slope and not the level: on a noisy curve (the median of a few runs of a small task) a
 * level threshold such as "10% of the drop below the start" is crossed by the noise on the plateau,
 * and the sweet spot then spans most of the sweep (four decades on the spirals task). The slope is
 * taken by a least-squares line over a window of {@link #SLOPE_WINDOW_SHARE} of the sweep's log-lr
 * span on either side, which averages the noise away; the sweet spot is the stretch of steep fall
 * that carries the largest part of the drop, and a curve whose steepest stretch carries less than
 * {@link #MIN_FALL_SHARE} of its drop counts as not falling. The first tenth of the points before
 * the minimum is left out of the search: a debiased EMA starts on one raw batch loss, and its first
 * steps fall or jump with that batch, not with the lr. The starting level is their median.
 *
 * @param fallStart the first index of the sweet spot, or -1 when the loss never falls
 * @param floorStart the last index of the sweet spot, or -1
 * @param turnUp the first index of the divergence region, or -1 when the loss does not turn up in
 *     the sweep
 */
public record CurveRegions(int fallStart, int floorStart, int turnUp) {

    /**
     * How steep, as a share of the steepest fall, the loss must fall to be in the sweet spot. 0.25:
     * the knee where a range-test curve bends from its plateau into the fall; lower shares reach
     * into the plateau's wobble on noisy curves.
     */
    public static final double STEEP_SHARE = 0.25;

    /**
     * The smallest share of the whole drop the sweet spot must carry for the curve to count as
     * falling at all: below it the "fall" is a wobble.
     */
    public static final double MIN_FALL_SHARE = 0.25;

    /**
     * The slope window's half-width as a share of the sweep's span in log10(lr): 1/16, half a decade
     * on the usual 1e-7 to 10 sweep. Narrower windows let the plateau's noise through; wider ones
     * blur a fall that takes less than a decade.
     */
    public static final double SLOPE_WINDOW_SHARE = 1.0 / 16;

    /** The fewest points regions are read off; shorter curves get {@link #NONE}. */
    public static final int MIN_POINTS = 3;

    /** Regions of a curve that does not fall (or is too short to tell): everything is "too low". */
    public static final CurveRegions NONE = new CurveRegions(-1, -1, -1);

    /** Whether the loss falls at all, so that a sweet spot exists. */
    public boolean falls() {
        return fallStart >= 0;
    }

    /** Whether the loss turns up for good within the sweep. */
    public boolean diverges() {
        return turnUp >= 0;
    }

    /**
     * Finds the regions of a smoothed curve whose points are evenly spaced in log(lr), as an
     * exponential sweep's are.
     *
     * @see #of(double[], double[], double)
     */
    public static CurveRegions of(double[] smoothedLoss, double floorTolerance) {
        double[] positions = new double[smoothedLoss.length];
        Arrays.setAll(positions, i -> i);
        return read(positions, smoothedLoss, floorTolerance);
    }

    /**
     * Finds the regions of a smoothed curve.
     *
     * @param lrs the learning rates, positive and strictly increasing
     * @param smoothedLoss the smoothed loss, finite, one per lr
     * @param floorTolerance how close to its minimum, as a share of the drop, the loss counts as on
     *     its floor ({@link AnalysisOptions#divergenceTolerance()})
     * @throws IllegalArgumentException if the tolerance is outside [0, 1), a loss is not finite or
     *     the lengths differ
     */
    public static CurveRegions of(double[] lrs, double[] smoothedLoss, double floorTolerance) {
        if (lrs.length != smoothedLoss.length) {
            throw Checks.invalid("lrs.length", lrs.length, "the number of losses, " + smoothedLoss.length);
        }
        double[] x = new double[lrs.length];
        Arrays.setAll(x, i -> Math.log10(lrs[i]));
        return read(x, smoothedLoss, floorTolerance);
    }

    /** The regions of {@code smoothedLoss} at the increasing positions {@code x} (log10 of the lr). */
    private static CurveRegions read(double[] x, double[] smoothedLoss, double floorTolerance) {
        Checks.inHalfOpen("floorTolerance", floorTolerance, 0, 1);
        int n = smoothedLoss.length;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(smoothedLoss[i])) {
                throw Checks.invalid("smoothedLoss[" + i + "]", smoothedLoss[i], "finite");
            }
        }
        if (n < MIN_POINTS) {
            return NONE;
        }
        int m = PreparedCurve.argmin(smoothedLoss, 0, n);
        int head = Math.max(1, (m + 1) / 10);
        double start = Quantiles.percentile(Arrays.copyOf(smoothedLoss, head), head, 0.5);
        double drop = start - smoothedLoss[m];
        if (!(drop > 0)) {
            return NONE;
        }
        double[] slope = slopes(x, smoothedLoss, SLOPE_WINDOW_SHARE * (x[n - 1] - x[0]));
        int from = head <= m ? head : 0;
        int steepest = from;
        for (int i = from; i <= m; i++) {
            if (slope[i] < slope[steepest]) {
                steepest = i;
            }
        }
        double threshold = STEEP_SHARE * slope[steepest];
        if (!(threshold < 0)) {
            return NONE;
        }
        // The stretch of steep fall that carries the most of the drop.
        int fallStart = -1;
        int fallEnd = -1;
        double bestFall = 0;
        for (int i = from; i <= m; i++) {
            if (slope[i] > threshold) {
                continue;
            }
            int j = i;
            while (j < m && slope[j + 1] <= threshold) {
                j++;
            }
            double fall = smoothedLoss[i] - smoothedLoss[j];
            if (fall > bestFall) {
                bestFall = fall;
                fallStart = i;
                fallEnd = j;
            }
            i = j;
        }
        if (fallStart < 0 || bestFall < MIN_FALL_SHARE * drop) {
            return NONE;
        }
        double floor = smoothedLoss[m] + floorTolerance * drop;
        int floorStart = fallEnd;
        for (int i = fallStart; i <= fallEnd; i++) {
            if (smoothedLoss[i] <= floor) {
                floorStart = i;
                break;
            }
        }
        int lastOnFloor = m;
        for (int i = n - 1; i > m; i--) {
            if (smoothedLoss[i] <= floor) {
                lastOnFloor = i;
                break;
            }
        }
        int turnUp = lastOnFloor == n - 1 ? -1 : lastOnFloor + 1;
        return new CurveRegions(fallStart, floorStart, turnUp);
    }

    /**
     * The slope of {@code y} against {@code x} at every point: of the least-squares line through the
     * points within {@code halfWidth} of it (at least its two neighbours on either side, where they
     * exist). Running sums keep it linear in the points, for curves of a million of them.
     */
    static double[] slopes(double[] x, double[] y, double halfWidth) {
        int n = x.length;
        double x0 = x[0];
        double[] sx = new double[n + 1];
        double[] sy = new double[n + 1];
        double[] sxx = new double[n + 1];
        double[] sxy = new double[n + 1];
        for (int i = 0; i < n; i++) {
            double u = x[i] - x0; // centred: the sums stay small and exact enough
            sx[i + 1] = sx[i] + u;
            sy[i + 1] = sy[i] + y[i];
            sxx[i + 1] = sxx[i] + u * u;
            sxy[i + 1] = sxy[i] + u * y[i];
        }
        double[] slope = new double[n];
        int lo = 0;
        int hi = 0;
        for (int i = 0; i < n; i++) {
            while (x[i] - x[lo] > halfWidth) {
                lo++;
            }
            hi = Math.max(hi, i);
            while (hi + 1 < n && x[hi + 1] - x[i] <= halfWidth) {
                hi++;
            }
            int a = Math.max(0, Math.min(lo, i - 2));
            int b = Math.min(n - 1, Math.max(hi, i + 2));
            int k = b - a + 1;
            double mx = (sx[b + 1] - sx[a]) / k;
            double varX = (sxx[b + 1] - sxx[a]) / k - mx * mx;
            double covXY = (sxy[b + 1] - sxy[a]) / k - mx * (sy[b + 1] - sy[a]) / k;
            slope[i] = varX > 0 ? covXY / varX : 0;
        }
        return slope;
    }
}
