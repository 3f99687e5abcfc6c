package dev.lrfinder.analysis;

import static dev.lrfinder.analysis.PreparedCurve.fmt;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.TrainingSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Summarises several range tests of the same task: per-method statistics with a seeded bootstrap
 * interval, a recommendation with its confidence and reasoning, and a consensus curve.
 *
 * <p>Why geometric: learning rates live on a log axis (a sweep is log-spaced, and 1e-3 vs 1e-2 is
 * the same mistake as 1e-2 vs 1e-1), so the centre is the geometric mean and the spread the
 * geometric SD; the arithmetic mean and median are reported too.
 */
public final class RunAggregation {

    /**
     * When no run's loss turned up for good before its last point, the sweep should reach at least
     * this many times further than the furthest run did: a range test's loss typically turns up
     * within a decade past where it reaches its floor, and a sweep that goes further costs nothing,
     * since the divergence stop ends it there.
     */
    public static final double LR_MAX_HINT_FACTOR = 10.0;

    private RunAggregation() {
    }

    /** {@link #summarize(List, AnalysisOptions, AggregationOptions)} with {@link AggregationOptions#defaults()}. */
    public static AggregateSummary summarize(List<AnalysisResult> runs, AnalysisOptions options) {
        return summarize(runs, options, AggregationOptions.defaults());
    }

    /**
     * Summarises {@code runs}, each the analysis of one range test of the same task.
     *
     * @param runs at least one analysed run; they may come from different pipelines
     * @param options the methods to summarise, the default method to recommend from and the rule
     *     parameters for the consensus curve (whose smoothing is ignored: the runs are smoothed already)
     * @param aggregation the bootstrap and the consensus grid
     * @throws IllegalArgumentException if runs is null, empty or holds null, or an option is null
     */
    public static AggregateSummary summarize(List<AnalysisResult> runs, AnalysisOptions options,
            AggregationOptions aggregation) {
        if (runs == null || runs.isEmpty()) {
            throw Checks.invalid("runs", runs == null ? null : "[]", "at least 1 analysed run");
        }
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i) == null) {
                throw Checks.invalid("runs[" + i + "]", null, "an AnalysisResult");
            }
        }
        if (options == null) {
            throw Checks.invalid("options", null, "AnalysisOptions (AnalysisOptions.defaults() for the defaults)");
        }
        if (aggregation == null) {
            throw Checks.invalid("aggregation", null, "AggregationOptions (AggregationOptions.defaults() for the defaults)");
        }
        Map<Method, MethodStatistics> statistics = new LinkedHashMap<>();
        for (Method method : options.methods()) {
            statistics.put(method, statistics(method, runs, aggregation));
        }
        Recommendation recommendation = recommend(statistics, options, lrMaxHint(runs, options), runs);
        ConsensusCurve consensus = Consensus.build(runs, options, aggregation);
        return new AggregateSummary(runs.size(), statistics, recommendation, consensus);
    }

    static MethodStatistics statistics(Method method, List<AnalysisResult> runs, AggregationOptions aggregation) {
        int n = runs.size();
        double[] lrs = new double[n];
        int count = 0;
        List<MissingRun> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Suggestion suggestion = runs.get(i).suggestion(method);
            if (suggestion.isPresent()) {
                lrs[count++] = suggestion.lr();
            } else {
                missing.add(new MissingRun(i, suggestion.reason()));
            }
        }
        if (count == 0) {
            double nan = Double.NaN;
            return new MethodStatistics(method, n, 0, missing, nan, nan, nan, nan, nan, nan, nan, nan, nan, Confidence.LOW);
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double[] logs = new double[count];
        double logSum = 0;
        for (int i = 0; i < count; i++) {
            sum += lrs[i];
            min = Math.min(min, lrs[i]);
            max = Math.max(max, lrs[i]);
            logs[i] = Math.log(lrs[i]);
            logSum += logs[i];
        }
        double logMean = logSum / count;
        double geometricSd = Double.NaN;
        if (count >= 2) {
            double squares = 0;
            for (int i = 0; i < count; i++) {
                double d = logs[i] - logMean;
                squares += d * d;
            }
            geometricSd = Math.exp(Math.sqrt(squares / (count - 1)));
        }
        double median = Quantiles.percentile(Arrays.copyOf(lrs, count), count, 0.5);
        double[] interval = bootstrapInterval(logs, aggregation.bootstrapResamples(),
                aggregation.bootstrapSeed() + 0x9E3779B97F4A7C15L * (method.ordinal() + 1));
        Confidence confidence = n == 1 ? CurveConfidence.of(runs.get(0), runs.get(0).suggestion(method).lr()).level()
                : Confidence.of(count, n, geometricSd);
        // Equal answers (one run among them) are their own mean: exp(log(x)) can be an ulp off, and a
        // compat pipeline's one answer must be the tool's to the last digit.
        double geometricMean = min == max ? min : Math.exp(logMean);
        return new MethodStatistics(method, n, count, missing, sum / count, median, geometricMean, geometricSd, min,
                max, max / min, interval[0], interval[1], confidence);
    }

    /**
     * The percentile bootstrap interval of the geometric mean: resample the log lrs with replacement,
     * take each resample's mean, and exponentiate the 2.5th and 97.5th percentiles of those means.
     * The seed is mixed with the method so that each method's interval is reproducible on its own.
     * The cost is resamples x runs draws per method, 1e6 for 1,000 runs.
     */
    static double[] bootstrapInterval(double[] logs, int resamples, long seed) {
        int n = logs.length;
        if (n == 1) {
            double only = Math.exp(logs[0]);
            return new double[] {only, only};
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        long bound = n;
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            int i = 0;
            // Two indices from each 64-bit draw by multiply-shift (Lemire): the bias, at most n / 2^32,
            // is far below the bootstrap's own noise, and it avoids a division per draw.
            for (; i + 1 < n; i += 2) {
                long bits = random.nextLong();
                sum += logs[(int) (((bits >>> 32) * bound) >>> 32)];
                sum += logs[(int) (((bits & 0xFFFF_FFFFL) * bound) >>> 32)];
            }
            if (i < n) {
                sum += logs[(int) (((random.nextLong() >>> 32) * bound) >>> 32)];
            }
            means[b] = sum / n;
        }
        double tail = (1 - AggregationOptions.CONFIDENCE_LEVEL) / 2;
        double low = Quantiles.percentile(means, resamples, tail);
        double high = Quantiles.percentile(means, resamples, 1 - tail);
        return new double[] {Math.exp(low), Math.exp(high)};
    }

    /**
     * The recommendation from the first method of {@link AnalysisOptions#recommendationOrder()} that
     * answered in at least one run, saying why when it is not the default method.
     */
    static Recommendation recommend(Map<Method, MethodStatistics> statistics, AnalysisOptions options, double lrMaxAtLeast,
            List<AnalysisResult> runs) {
        Method requested = options.defaultMethod();
        TargetRule wantedRule = options.rule();
        MethodStatistics wanted = statistics.get(requested);
        MethodStatistics stats = null;
        for (Method method : options.recommendationOrder()) {
            MethodStatistics candidate = statistics.get(method);
            if (candidate != null && candidate.suggested() > 0) {
                stats = candidate;
                break;
            }
        }
        String notAnswered = wanted.suggested() > 0 ? null : requested.id() + ", the default method, gave no answer "
                + (wanted.runs() == 1 ? "in the one run" : "in any of the " + wanted.runs() + " runs") + " (run "
                + (wanted.missing().get(0).run() + 1) + ": " + wanted.missing().get(0).reason() + ")";
        // When the method answered in every run, a longer sweep is not for it to answer but to show the
        // turn: its answer may lie beyond the swept range.
        String hint = Double.isNaN(lrMaxAtLeast) ? "" : " No run's loss turned up for good: sweep to at least lr "
                + fmt(lrMaxAtLeast) + " (" + fmt(LR_MAX_HINT_FACTOR) + " x the last lr) "
                + (wanted.missingCount() == 0 ? "to see where it does; " + requested.id() + "'s answer may lie beyond"
                        + " the swept range." : "so that " + requested.id() + " can answer.");
        Schedule schedule = Schedule.of(options.target());
        if (stats == null) {
            return new Recommendation(requested, Double.NaN, Confidence.LOW, schedule, Double.NaN, "No recommendation: no"
                    + " method gave a suggestion in any run; " + notAnswered + "." + hint, requested, notAnswered,
                    lrMaxAtLeast, wantedRule, Double.NaN, Double.NaN, Double.NaN, Double.NaN, new double[runs.size()]);
        }
        Method method = stats.method();
        TargetRule rule = method == requested ? wantedRule
                : new TargetRule(options.target(), method, 1, options.smoothing());
        StringBuilder text = new StringBuilder();
        if (method != requested) {
            text.append(notAnswered).append("; ").append(method.id()).append(" is the next method in the fallback order (")
                    .append(String.join(", ", options.recommendationOrder().stream().map(Method::id).toList()))
                    .append(") that answered, taken as it is. ");
        }
        double lr = stats.geometricMean() * rule.factor();
        text.append("Recommended learning rate ").append(fmt(lr)).append(" for ").append(options.target().description())
                .append(": ");
        if (rule.factor() != 1) {
            text.append(fmt(rule.factor())).append(" x ");
        }
        text.append("the geometric mean of ").append(method.id()).append(" over ").append(stats.suggested())
                .append(stats.suggested() == 1 ? " run" : " runs");
        if (stats.suggested() >= 2) {
            text.append(" (95% bootstrap interval ").append(fmt(stats.ciLow() * rule.factor())).append(" to ")
                    .append(fmt(stats.ciHigh() * rule.factor())).append("; the runs span ")
                    .append(fmt(stats.min() * rule.factor())).append(" to ").append(fmt(stats.max() * rule.factor()))
                    .append(", a factor ").append(fmt(stats.range())).append(")");
        }
        String why = stats.runs() == 1
                ? CurveConfidence.of(runs.get(0), runs.get(0).suggestion(method).lr()).explain()
                : stats.confidence().explain(stats.suggested(), stats.runs(), stats.geometricSd());
        text.append(". Confidence ").append(stats.confidence()).append(": ").append(why).append('.');
        if (stats.missingCount() > 0) {
            MissingRun first = stats.missing().get(0);
            text.append(' ').append(stats.missingCount()).append(" of ").append(stats.runs()).append(" runs gave no ")
                    .append(method.id()).append(" suggestion (run ").append(first.run() + 1).append(": ").append(first.reason())
                    .append(").");
        }
        double peak = lr;
        if (options.target() != TrainingSchedule.ONE_CYCLE) {
            TargetRule oneCycle = TargetRule.of(TrainingSchedule.ONE_CYCLE);
            MethodStatistics its = statistics.get(oneCycle.method());
            // Only where these curves were read as OneCycle's rule reads them.
            boolean sameReading = oneCycle.smoothing().id().equals(options.smoothing().id());
            peak = sameReading && its != null && its.suggested() > 0 ? its.geometricMean() * oneCycle.factor() : Double.NaN;
            if (!Double.isNaN(peak)) {
                text.append(" For the peak of a OneCycle schedule: ").append(fmt(peak)).append(" (")
                        .append(oneCycle.describe()).append(").");
            }
        }
        text.append(hint);
        double[] runLrs = new double[runs.size()];
        for (int r = 0; r < runs.size(); r++) {
            runLrs[r] = runs.get(r).suggestion(method).lr() * rule.factor(); // NaN where the run has no answer
        }
        return new Recommendation(method, lr, stats.confidence(), schedule, peak, text.toString(), requested,
                method != requested ? notAnswered : null, lrMaxAtLeast, rule, stats.min() * rule.factor(),
                stats.max() * rule.factor(), stats.ciLow() * rule.factor(), stats.ciHigh() * rule.factor(), runLrs);
    }

    /**
     * {@link #LR_MAX_HINT_FACTOR} times the furthest lr any run reached, when every run was analysed
     * to its last point, and its loss fell ({@link CurveRegions#falls()}) without turning up for good
     * ({@link CurveRegions#diverges()}); NaN otherwise: a run that blew up or stopped early would not
     * gain from a longer sweep, one whose loss never fell needs a lower start instead, and one of fewer
     * than {@link CurveAnalysis#MIN_POINTS} points needs more points.
     */
    static double lrMaxHint(List<AnalysisResult> runs, AnalysisOptions options) {
        double furthest = 0;
        for (AnalysisResult run : runs) {
            if (run.stoppedEarly() || run.size() == 0) {
                return Double.NaN;
            }
            double[] smoothed = run.smoothedView();
            double[] finite = new double[smoothed.length];
            int kept = 0;
            for (double value : smoothed) {
                if (Double.isFinite(value)) {
                    finite[kept++] = value;
                }
            }
            finite = Arrays.copyOf(finite, kept);
            if (kept < CurveAnalysis.MIN_POINTS) {
                return Double.NaN; // no rule answers from so few points: more of them are missing, not a wider sweep
            }
            CurveRegions regions = CurveRegions.of(finite, options.divergenceTolerance());
            if (!(regions.falls() && !regions.diverges())) {
                return Double.NaN;
            }
            furthest = Math.max(furthest, run.lrsView()[run.size() - 1]);
        }
        double hint = furthest * LR_MAX_HINT_FACTOR;
        return Double.isFinite(hint) ? hint : Double.NaN;
    }
}
