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
 * @param oneCyclePeakLr the rate for a OneCycle peak: {@code lr} itself when the target is
 *     OneCycle, else the OneCycle rule's answer ({@link TargetRule#of}) on the same runs (NaN when its
 *     method did not answer or was not run, or the curves were read with another smoothing)
 * @param reasoning several sentences a person can read: the numbers, the spread, the missing runs,
 *     the fallback, the schedule
 * @param defaultMethod the method the recommendation comes from when it answers
 * @param fallbackReason why the default method gave no recommendation (its first run's reason), or
 *     null when it gave the recommendation
 * @param lrMaxAtLeast how far to sweep so that the loss turns up and the default method can answer,
 *     when every run ran to its last point without the loss turning up for good; NaN otherwise
 * @param rule the rule {@code lr} was read with: the target, the method that answered, its factor
 *     (1 for a fallback method) and the smoothing
 * @param runsLow the lowest run's answer under {@code rule} (NaN without a recommendation)
 * @param runsHigh the highest run's answer
 * @param ciLow the low end of the 95% bootstrap interval of {@code lr}: its method's interval under
 *     {@code rule} (NaN without a recommendation or with one run)
 * @param ciHigh its high end
 * @param runLrs each run's answer under {@code rule}, in run order (NaN for a run without one)
 */
public record Recommendation(Method method, double lr, Confidence confidence, Schedule schedule, double oneCyclePeakLr,
        String reasoning, Method defaultMethod, String fallbackReason, double lrMaxAtLeast, TargetRule rule,
        double runsLow, double runsHigh, double ciLow, double ciHigh, double[] runLrs) {

    public Recommendation {
        runLrs = runLrs.clone();
    }

    /** Each run's answer under the rule (a copy). */
    @Override
    public double[] runLrs() {
        return runLrs.clone();
    }

    /** The schedule the rate is for. */
    public dev.lrfinder.sweep.TrainingSchedule target() {
        return rule.target();
    }

    /** Whether there is a learning rate to recommend. */
    public boolean isPresent() {
        return !Double.isNaN(lr);
    }

    /**
     * This recommendation with the rate {@code verification} found: {@code lr} is the verified rate,
     * the reasoning starts with {@code how} it was found; everything else (method, rule, the runs'
     * spread and interval) stays the range tests'. Itself when there is no verified rate.
     */
    public Recommendation verified(Verification verification, String how) {
        if (!verification.isPresent() || !isPresent()) {
            return this;
        }
        return new Recommendation(method, verification.verifiedLr(), confidence, schedule, oneCyclePeakLr,
                how + " The range tests' own answer: " + reasoning, defaultMethod, fallbackReason, lrMaxAtLeast, rule,
                runsLow, runsHigh, ciLow, ciHigh, runLrs);
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
