package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;
import java.util.Arrays;

/**
 * lrfinder's robust smoother, the default: a centred running median of {@link #MEDIAN_WINDOW} points,
 * then LOESS (local linear regression with tricube weights) of the loss over log10(lr), computed as
 * commons-math's {@code LoessInterpolator} computes it (lrfinder's {@code Loess}).
 *
 * <p>Why this one (figures in docs/evidence/smoothing.md):
 * <ul>
 *   <li>Its window is centred, so it has no lag: the EMAs show a feature of the raw curve 10 to 17
 *       steps late on find's 100-step sweeps, which moves the minimum and the steepest point to higher
 *       learning rates and draws a line at 1.7x the loss where the raw curve has made 90% of its fall.</li>
 *   <li>It is not fooled by a spike. The median drops any run of one or two outlying batches before
 *       the fit; an EMA carries such a spike forward for ~1/(1-beta) steps and a Savitzky-Golay filter
 *       spreads it over its window.</li>
 *   <li>It keeps a real rise at the end. A sweep stops a few steps after its loss blows up, and
 *       LOESS's own robustness iterations (bisquare re-weighting) took those last steps for outliers
 *       and drew a flat line through them; the median's window shrinks towards the ends, so the last
 *       points stand as recorded, and the local line follows them.</li>
 *   <li>It works on the real, possibly non-uniform, log10(lr) axis; Savitzky-Golay assumes equal
 *       spacing.</li>
 * </ul>
 * Up to 10,000 points every point gets its own local fit (O(n^2 * bandwidth), a few milliseconds
 * for 1,000 points); longer curves are fitted at anchors 1/32 of a window apart and joined by
 * straight lines, linear in n (a 1,000,000-point curve in about 0.3 s).
 *
 * @param bandwidth the fraction of points in each local fit, in (0, 1]
 */
public record RobustLoessSmoothing(double bandwidth) implements Smoothing {

    /** The command-line name. */
    public static final String ID = "robust";

    /**
     * Each local fit uses 15% of the points: on fastai's default 100-step sweep over 8 decades that is
     * 15 steps (1.2 decades), narrower than the typical 2-3 decade descent of a range test, so the
     * valley is not flattened, yet wide enough to average the batch-to-batch noise. Lower it (0.05 to
     * 0.1) for sweeps of several thousand steps; raise it (0.3) for very noisy, short sweeps.
     */
    public static final double DEFAULT_BANDWIDTH = 0.15;

    /**
     * Points of the centred running median applied before the fit: 5 drops any run of up to two
     * outlying batches and moves no turn of the curve.
     */
    public static final int MEDIAN_WINDOW = 5;

    /** Local fits need at least 3 points, so short curves get a wider bandwidth than requested. */
    private static final double MIN_POINTS_PER_FIT = 3.0;

    static final RobustLoessSmoothing DEFAULT = new RobustLoessSmoothing(DEFAULT_BANDWIDTH);

    public RobustLoessSmoothing {
        if (!(bandwidth > 0 && bandwidth <= 1)) {
            throw Checks.invalid("bandwidth", bandwidth, "a number in (0, 1]");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public double[] smooth(double[] log10Lr, double[] losses) {
        Smoothing.checkLengths(log10Lr, losses);
        int n = losses.length;
        if (n < 3) {
            return losses.clone();
        }
        double effective = Math.min(1.0, Math.max(bandwidth, MIN_POINTS_PER_FIT / n));
        double[] smoothed = Loess.smooth(log10Lr, centredMedian(losses, MEDIAN_WINDOW), effective, 0);
        return allFinite(smoothed) ? smoothed : losses.clone();
    }

    /**
     * The median of the points within {@code window / 2} of each, the window shrunk symmetrically at
     * the ends: this smoothing's first pass, public for the smoothing evidence that measures it.
     */
    public static double[] centredMedian(double[] values, int window) {
        int n = values.length;
        int half = window / 2;
        double[] out = new double[n];
        double[] buffer = new double[2 * half + 1];
        for (int i = 0; i < n; i++) {
            int h = Math.min(half, Math.min(i, n - 1 - i));
            int k = 2 * h + 1;
            System.arraycopy(values, i - h, buffer, 0, k);
            Arrays.sort(buffer, 0, k);
            out[i] = buffer[h];
        }
        return out;
    }

    private static boolean allFinite(double[] values) {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }
}
