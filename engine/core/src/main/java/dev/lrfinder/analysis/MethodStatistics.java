package dev.lrfinder.analysis;

import java.util.List;

/**
 * One method's suggestions across runs. The statistics cover the runs that gave a suggestion;
 * the others are listed in {@code missing}, never silently dropped. With no suggestion at all
 * every statistic is NaN; with one, {@code geometricSd} is NaN and the interval is that single lr.
 *
 * @param method the rule
 * @param runs the number of runs summarised
 * @param suggested how many of them gave a learning rate
 * @param missing the runs without one and why
 * @param mean the arithmetic mean lr
 * @param median the median lr (mean of the middle two for an even count)
 * @param geometricMean exp(mean(ln lr)): the centre on a log axis, where range tests live
 * @param geometricSd exp(sample SD of ln lr), at least 1; NaN below 2 suggestions
 * @param min the smallest lr
 * @param max the largest lr
 * @param range max / min
 * @param ciLow the lower end of the seeded bootstrap 95% interval of the geometric mean
 * @param ciHigh the upper end of that interval
 * @param confidence the {@link Confidence} of the geometric mean as a recommendation
 */
public record MethodStatistics(Method method, int runs, int suggested, List<MissingRun> missing, double mean,
        double median, double geometricMean, double geometricSd, double min, double max, double range, double ciLow,
        double ciHigh, Confidence confidence) {

    public MethodStatistics {
        missing = List.copyOf(missing);
    }

    /** How many runs gave no suggestion. */
    public int missingCount() {
        return missing.size();
    }
}
