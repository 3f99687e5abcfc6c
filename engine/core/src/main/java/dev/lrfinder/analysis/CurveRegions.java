package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;

/**
 * The three parts of a range-test curve as a person reads them, found on its smoothed loss:
 * <ul>
 *   <li><b>too low</b>, {@code [lrs[0], fallStart)}: the loss is still at its starting level, within
 *       {@link #FALL_FRACTION} of the whole drop;</li>
 *   <li><b>sweet spot</b>, {@code [fallStart, floorStart]}: the loss falls, until it comes within the
 *       divergence tolerance of its minimum (the floor);</li>
 *   <li><b>divergence</b>, {@code [turnUp, lrs[n-1]]}: past the last point on the floor the loss rises
 *       for good, the same rule as {@link Method#DIVERGENCE}.</li>
 * </ul>
 * Between {@code floorStart} and {@code turnUp} the loss lies on its floor, neither falling nor
 * exploding; that stretch belongs to no region. The starting level is the median of the first tenth
 * of the points before the minimum, not the first point, because a debiased EMA starts on one raw
 * batch loss.
 *
 * @param fallStart the first index of the sweet spot, or -1 when the loss never falls
 * @param floorStart the last index of the sweet spot (the first point on the floor), or -1
 * @param turnUp the first index of the divergence region, or -1 when the loss does not turn up in
 *     the sweep
 */
public record CurveRegions(int fallStart, int floorStart, int turnUp) {

    /**
     * The share of the drop the loss must have fallen below its starting level for the sweet spot to
     * begin. 10%: well above the wobble of a smoothed plateau, well below any real descent.
     */
    public static final double FALL_FRACTION = 0.10;

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
     * Finds the regions of a smoothed curve.
     *
     * @param smoothedLoss the smoothed loss, finite, one per point of a strictly increasing lr axis
     * @param floorTolerance how close to its minimum, as a share of the drop, the loss counts as on
     *     its floor ({@link AnalysisOptions#divergenceTolerance()})
     * @throws IllegalArgumentException if the tolerance is outside [0, 1) or a loss is not finite
     */
    public static CurveRegions of(double[] smoothedLoss, double floorTolerance) {
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
        double start = Quantiles.percentile(java.util.Arrays.copyOf(smoothedLoss, head), head, 0.5);
        double drop = start - smoothedLoss[m];
        if (!(drop > 0)) {
            return NONE;
        }
        int fallStart = m;
        for (int i = 0; i <= m; i++) {
            if (smoothedLoss[i] <= start - FALL_FRACTION * drop) {
                fallStart = i;
                break;
            }
        }
        double floor = smoothedLoss[m] + floorTolerance * drop;
        int floorStart = m;
        for (int i = fallStart; i <= m; i++) {
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
}
