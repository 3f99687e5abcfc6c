package dev.lrfinder.analysis;

import dev.lrfinder.sweep.DivergenceRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the {@link ConsensusCurve} of several runs. */
final class Consensus {

    /** The grid never gets more points than this when sized automatically. */
    static final int MAX_AUTO_POINTS = 10_000;

    private Consensus() {
    }

    static ConsensusCurve build(List<AnalysisResult> runs, AnalysisOptions options, AggregationOptions aggregation) {
        double lrMin = Double.POSITIVE_INFINITY;
        double lrMax = Double.NEGATIVE_INFINITY;
        int[] sizes = new int[runs.size()];
        int nonEmpty = 0;
        for (AnalysisResult run : runs) {
            double[] lrs = run.lrsView();
            if (lrs.length > 0) {
                lrMin = Math.min(lrMin, lrs[0]);
                lrMax = Math.max(lrMax, lrs[lrs.length - 1]);
                sizes[nonEmpty++] = lrs.length;
            }
        }
        // The runs are cut and smoothed already: the median is read as it is.
        AnalysisOptions unsmoothed = options.toBuilder().optSmoothing(Smoothing.none()).optDivergence(DivergenceRule.none())
                .build();
        if (nonEmpty == 0) {
            return empty(options, "no run has a point to resample");
        }
        int points = aggregation.consensusPoints();
        if (points == AggregationOptions.AUTO_CONSENSUS_POINTS) {
            double[] lengths = new double[nonEmpty];
            for (int i = 0; i < nonEmpty; i++) {
                lengths[i] = sizes[i];
            }
            points = (int) Math.round(Quantiles.percentile(lengths, nonEmpty, 0.5));
            points = Math.clamp(points, 2, MAX_AUTO_POINTS);
        }
        if (lrMin == lrMax) {
            points = 1;
        }
        double logMin = Math.log10(lrMin);
        double logMax = Math.log10(lrMax);
        double step = points > 1 ? (logMax - logMin) / (points - 1) : 0;
        double[] gridLog = new double[points];
        double[] gridLrs = new double[points];
        int kept = 0;
        for (int g = 0; g < points; g++) {
            double log = g == points - 1 ? logMax : logMin + g * step;
            double lr = g == 0 ? lrMin : g == points - 1 ? lrMax : Math.pow(10, log);
            // Rates a few rounding steps apart (a run that moves its lr by less than the grid spacing
            // can resolve) give grid points that round onto each other: a grid point is kept only
            // above the one before, so that the grid, like any lr axis, strictly increases.
            if (kept > 0 && !(lr > gridLrs[kept - 1] && Math.log10(lr) > Math.log10(gridLrs[kept - 1]))) {
                if (g < points - 1) {
                    continue;
                }
                kept--;
            }
            gridLog[kept] = log;
            gridLrs[kept++] = lr;
        }
        if (kept < points) {
            points = kept;
            gridLog = Arrays.copyOf(gridLog, kept);
            gridLrs = Arrays.copyOf(gridLrs, kept);
        }

        // columns[g][0..coverage[g]): the values of the runs covering grid point g.
        double[][] columns = new double[points][runs.size()];
        int[] coverage = new int[points];
        // Runs of one task usually share their lr schedule: the grid map is built once per distinct one.
        GridMap map = null;
        double[] mappedLrs = null;
        for (AnalysisResult run : runs) {
            double[] lrs = run.lrsView();
            if (lrs.length == 0) {
                continue;
            }
            if (map == null || !Arrays.equals(lrs, mappedLrs)) {
                map = new GridMap(lrs, gridLrs, gridLog);
                mappedLrs = lrs;
            }
            map.resample(run.smoothedView(), columns, coverage);
        }
        double[] median = new double[points];
        double[] q1 = new double[points];
        double[] q3 = new double[points];
        double[] quartiles = new double[3];
        for (int g = 0; g < points; g++) {
            int m = coverage[g];
            if (m == 0) {
                median[g] = q1[g] = q3[g] = Double.NaN;
                continue;
            }
            Quantiles.quartiles(columns[g], m, quartiles);
            q1[g] = quartiles[0];
            median[g] = quartiles[1];
            q3[g] = quartiles[2];
        }

        // The longest stretch of grid points covered by a majority of the runs.
        int majority = runs.size() / 2 + 1;
        int bestFrom = 0;
        int bestTo = 0;
        for (int g = 0; g < points;) {
            if (coverage[g] < majority) {
                g++;
                continue;
            }
            int from = g;
            while (g < points && coverage[g] >= majority) {
                g++;
            }
            if (g - from > bestTo - bestFrom) {
                bestFrom = from;
                bestTo = g;
            }
        }
        AnalysisResult analysis = bestTo > bestFrom
                ? CurveAnalysis.analyze(Arrays.copyOfRange(gridLrs, bestFrom, bestTo),
                        Arrays.copyOfRange(median, bestFrom, bestTo), unsmoothed)
                : emptyAnalysis(options, "no grid point is covered by a majority of the runs");
        return new ConsensusCurve(gridLrs, median, q1, q3, coverage, bestFrom, bestTo, analysis);
    }

    /**
     * Where each grid point falls in one run's lr schedule: the run's point to its left and the
     * weight of the next one, for linear interpolation in log10(lr); grid points outside the run's
     * range are not covered (no extrapolation).
     */
    private static final class GridMap {
        private final int first;
        private final int last;
        private final int[] left;
        private final double[] weight;

        GridMap(double[] lrs, double[] gridLrs, double[] gridLog) {
            int n = lrs.length;
            int g = 0;
            while (g < gridLrs.length && gridLrs[g] < lrs[0]) {
                g++;
            }
            first = g;
            left = new int[gridLrs.length];
            weight = new double[gridLrs.length];
            int j = 0;
            double logLeft = Math.log10(lrs[0]);
            double logRight = n > 1 ? Math.log10(lrs[1]) : logLeft;
            for (; g < gridLrs.length && gridLrs[g] <= lrs[n - 1]; g++) {
                while (j < n - 2 && lrs[j + 1] < gridLrs[g]) {
                    j++;
                    logLeft = logRight;
                    logRight = Math.log10(lrs[j + 1]);
                }
                left[g] = j;
                weight[g] = n == 1 || gridLrs[g] == lrs[j] ? 0 : Math.clamp((gridLog[g] - logLeft) / (logRight - logLeft), 0.0, 1.0);
            }
            last = g;
        }

        /** Writes run {@code run}'s values; a non-finite value (compat runs keep NaN) does not cover its point. */
        void resample(double[] losses, double[][] columns, int[] coverage) {
            for (int g = first; g < last; g++) {
                int j = left[g];
                double w = weight[g];
                double value = w == 0 ? losses[j] : losses[j] + w * (losses[j + 1] - losses[j]);
                if (Double.isFinite(value)) {
                    columns[g][coverage[g]++] = value;
                }
            }
        }
    }

    private static ConsensusCurve empty(AnalysisOptions options, String reason) {
        return new ConsensusCurve(new double[0], new double[0], new double[0], new double[0], new int[0], 0, 0,
                emptyAnalysis(options, reason));
    }

    private static AnalysisResult emptyAnalysis(AnalysisOptions options, String reason) {
        Map<Method, Suggestion> none = new LinkedHashMap<>();
        for (Method method : options.methods()) {
            none.put(method, Suggestion.none(method, reason));
        }
        List<String> notes = new ArrayList<>();
        notes.add(reason);
        return new AnalysisResult("consensus", new double[0], new double[0], new double[0], none, options.defaultMethod(),
                notes);
    }
}
