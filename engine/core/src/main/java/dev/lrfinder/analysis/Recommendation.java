package dev.lrfinder.analysis;

/**
 * The learning rate lrfinder recommends after several runs: the geometric mean of the default
 * method's suggestions or, when the default method answers in no run, of the first method in
 * {@link AnalysisOptions#recommendationOrder()} that does.
 *
 * @param method the method it comes from: the default method, or the one it fell back to (the
 *     default method when none answered)
 * @param lr the recommended lr, NaN when no method in the order answered in any run
 * @param confidence how far to trust it
 * @param schedule the schedule {@code lr} is meant for
 * @param oneCyclePeakLr the estimate for a OneCycle peak: {@code lr} times
 *     {@link RunAggregation#ONE_CYCLE_PEAK_FACTOR} when {@code schedule} is constant, {@code lr}
 *     itself when it is already a peak
 * @param reasoning several sentences a person can read: the numbers, the spread, the missing runs,
 *     the fallback, the schedule
 * @param defaultMethod the method the recommendation comes from when it answers
 * @param fallbackReason why the default method gave no recommendation (its first run's reason), or
 *     null when it gave the recommendation
 * @param lrMaxAtLeast how far to sweep so that the loss turns up and the default method can answer,
 *     when every run ran to its last point without the loss turning up for good; NaN otherwise
 */
public record Recommendation(Method method, double lr, Confidence confidence, Schedule schedule, double oneCyclePeakLr,
        String reasoning, Method defaultMethod, String fallbackReason, double lrMaxAtLeast) {

    /** Whether there is a learning rate to recommend. */
    public boolean isPresent() {
        return !Double.isNaN(lr);
    }

    /** Whether it comes from a method other than the default one. */
    public boolean isFallback() {
        return method != defaultMethod;
    }

    /** Whether the sweeps should go further, to {@link #lrMaxAtLeast()}. */
    public boolean hasLrMaxHint() {
        return !Double.isNaN(lrMaxAtLeast);
    }
}
