package dev.lrfinder.analysis;

import java.util.Arrays;

/**
 * LOESS, local linear regression with tricube weights and bisquare robustness iterations, written
 * as commons-math's {@code LoessInterpolator.smooth} computes it (the same window moves, the same
 * sums in the same order, the same robustness weights), so that up to {@link #EXACT_MAX_POINTS}
 * points the result is bit for bit commons-math's.
 *
 * <p>Each local fit sums over its whole window, so fitting at every point costs n times the window,
 * quadratic in n (a 1,000,000-point curve with a 15% window: 1.5e11 terms per pass). Beyond
 * {@link #EXACT_MAX_POINTS} points the fits are made at anchor points only, {@link #FITS_PER_WINDOW}
 * per window width, and the curve between two anchors is the straight line between their fits
 * (Cleveland's {@code delta} shortcut, as in R's and statsmodels' lowess). A fit changes on the
 * scale of its window, so a straight line over a 32nd of it is within a thousandth of the window's
 * curvature of the full computation, and the cost is about {@code 32 n} terms per pass, linear in n.
 * The robustness weights are still computed from the residual of every point.
 */
final class Loess {

    /**
     * Up to this many points every point gets its own fit, commons-math's result exactly; 10,000
     * points cost about 1.5e7 terms per pass with the default bandwidth, a few milliseconds. Lower it
     * only to trade exactness on mid-sized curves for time.
     */
    static final int EXACT_MAX_POINTS = 10_000;

    /**
     * Fits per window width past {@link #EXACT_MAX_POINTS}. 32: the straight line between two
     * anchors is then far below the noise a smoothed range test keeps; raise it for curves that
     * have real features narrower than a tenth of the window.
     */
    static final int FITS_PER_WINDOW = 32;

    /** commons-math's {@code DEFAULT_ACCURACY}: below this spread of x the local slope is 0. */
    private static final double ACCURACY = 1e-12;

    private Loess() {
    }

    /**
     * Smooths {@code y} over the non-decreasing axis {@code x}.
     *
     * @param x the axis, at least 3 points, non-decreasing, finite
     * @param y the values, finite, one per point
     * @param bandwidth the fraction of the points in each local fit, such that it holds at least 2
     * @param robustnessIterations bisquare re-weightings after the first fit
     * @return the fitted values; NaN where a window had no weight left
     */
    static double[] smooth(double[] x, double[] y, double bandwidth, int robustnessIterations) {
        int n = x.length;
        int window = (int) (bandwidth * n);
        int step = n <= EXACT_MAX_POINTS ? 1 : Math.max(1, window / FITS_PER_WINDOW);
        double[] fit = new double[n];
        double[] residuals = new double[n];
        double[] sorted = new double[n];
        double[] robustness = new double[n];
        Arrays.fill(robustness, 1);
        for (int iteration = 0; iteration <= robustnessIterations; iteration++) {
            int left = 0;
            int right = window - 1;
            int previousAnchor = 0;
            for (int i = 0; i < n; i++) {
                if (i > 0 && right + 1 < n && x[right + 1] - x[i] < x[i] - x[left]) {
                    left++;
                    right++;
                }
                if (i % step != 0 && i != n - 1) {
                    continue;
                }
                fit[i] = localFit(x, y, robustness, i, left, right);
                if (i - previousAnchor > 1) {
                    interpolate(x, fit, previousAnchor, i);
                }
                previousAnchor = i;
            }
            for (int i = 0; i < n; i++) {
                residuals[i] = Math.abs(y[i] - fit[i]);
            }
            if (iteration == robustnessIterations) {
                break;
            }
            System.arraycopy(residuals, 0, sorted, 0, n);
            double medianResidual = Quantiles.select(sorted, n, n / 2);
            if (Math.abs(medianResidual) < ACCURACY) {
                break;
            }
            for (int i = 0; i < n; i++) {
                double arg = residuals[i] / (6 * medianResidual);
                if (arg >= 1) {
                    robustness[i] = 0;
                } else {
                    double w = 1 - arg * arg;
                    robustness[i] = w * w;
                }
            }
        }
        return fit;
    }

    /** The weighted linear fit over {@code [left, right]}, evaluated at {@code x[i]}. */
    private static double localFit(double[] x, double[] y, double[] robustness, int i, int left, int right) {
        double xi = x[i];
        int edge = xi - x[left] > x[right] - xi ? left : right;
        double denom = Math.abs(1.0 / (x[edge] - xi));
        double sumWeights = 0;
        double sumX = 0;
        double sumXSquared = 0;
        double sumY = 0;
        double sumXY = 0;
        for (int k = left; k <= right; k++) {
            double xk = x[k];
            double yk = y[k];
            double dist = k < i ? xi - xk : xk - xi;
            double w = tricube(dist * denom) * robustness[k];
            double xkw = xk * w;
            sumWeights += w;
            sumX += xkw;
            sumXSquared += xk * xkw;
            sumY += yk * w;
            sumXY += yk * xkw;
        }
        double meanX = sumX / sumWeights;
        double meanY = sumY / sumWeights;
        double meanXY = sumXY / sumWeights;
        double meanXSquared = sumXSquared / sumWeights;
        double beta = Math.sqrt(Math.abs(meanXSquared - meanX * meanX)) < ACCURACY
                ? 0
                : (meanXY - meanX * meanY) / (meanXSquared - meanX * meanX);
        double alpha = meanY - beta * meanX;
        return beta * xi + alpha;
    }

    /** The straight line between the fits at anchors {@code a < b}, written into the points between. */
    private static void interpolate(double[] x, double[] fit, int a, int b) {
        double span = x[b] - x[a];
        for (int j = a + 1; j < b; j++) {
            double t = span > 0 ? (x[j] - x[a]) / span : 0;
            fit[j] = fit[a] + t * (fit[b] - fit[a]);
        }
    }

    private static double tricube(double x) {
        double absX = Math.abs(x);
        if (absX >= 1.0) {
            return 0;
        }
        double tmp = 1 - absX * absX * absX;
        return tmp * tmp * tmp;
    }
}
