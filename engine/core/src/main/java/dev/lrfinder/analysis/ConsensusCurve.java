package dev.lrfinder.analysis;

/**
 * Every run's smoothed loss resampled onto one log-spaced lr grid (linear interpolation in log10 lr,
 * no extrapolation), with the median and the inter-quartile band at each grid point. Non-finite
 * smoothed losses (which compat runs may keep) count as not covering their point.
 *
 * <p>Runs end at different lrs (each stops where it diverges), so {@code coverage} counts the runs
 * that reach each point. The suggestions in {@code analysis} are computed on the median over the
 * longest stretch of grid points that a majority of runs cover, {@code [analyzedFrom, analyzedTo)},
 * so that a tail drawn by a few runs does not steer them; their indices are relative to
 * {@code analyzedFrom}.
 *
 * @param lrs the grid, log-spaced from the smallest lrMin to the largest lrMax of the runs
 * @param median the median smoothed loss over the runs covering each point (NaN where none does)
 * @param q1 the 25th percentile (numpy's linear interpolation)
 * @param q3 the 75th percentile
 * @param coverage how many runs cover each point
 * @param analyzedFrom the first grid point of the analysed stretch
 * @param analyzedTo one past its last point
 * @param analysis the suggestions on the median curve over that stretch (no further smoothing)
 */
public record ConsensusCurve(double[] lrs, double[] median, double[] q1, double[] q3, int[] coverage, int analyzedFrom,
        int analyzedTo, AnalysisResult analysis) {

    public ConsensusCurve {
        lrs = lrs.clone();
        median = median.clone();
        q1 = q1.clone();
        q3 = q3.clone();
        coverage = coverage.clone();
    }

    @Override
    public double[] lrs() {
        return lrs.clone();
    }

    @Override
    public double[] median() {
        return median.clone();
    }

    @Override
    public double[] q1() {
        return q1.clone();
    }

    @Override
    public double[] q3() {
        return q3.clone();
    }

    @Override
    public int[] coverage() {
        return coverage.clone();
    }
}
