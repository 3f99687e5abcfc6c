package dev.lrfinder.analysis;

/**
 * The learning rate lrfinder recommends after several runs: the geometric mean of the default
 * method's suggestions.
 *
 * @param method the default method it comes from
 * @param lr the recommended lr, NaN when no run gave the default method a suggestion
 * @param confidence how far to trust it
 * @param schedule the schedule {@code lr} is meant for
 * @param oneCyclePeakLr the estimate for a OneCycle peak: {@code lr} times
 *     {@link RunAggregation#ONE_CYCLE_PEAK_FACTOR} when {@code schedule} is constant, {@code lr}
 *     itself when it is already a peak
 * @param reasoning several sentences a person can read: the numbers, the spread, the missing runs,
 *     the schedule
 */
public record Recommendation(Method method, double lr, Confidence confidence, Schedule schedule, double oneCyclePeakLr,
        String reasoning) {

    /** Whether there is a learning rate to recommend. */
    public boolean isPresent() {
        return !Double.isNaN(lr);
    }
}
