package dev.lrfinder.analysis;

import dev.lrfinder.sweep.TrainingSchedule;

/**
 * How a recommendation for one target schedule is read off the range tests: {@code factor} times
 * the geometric mean, across runs, of {@code method}'s suggestions on curves smoothed by {@code
 * smoothing}. Each target's rule is the one that trained best on lrfinder's evidence
 * (docs/evidence/recommendation.md, made by {@code native-scripts/evidence-recommendation}):
 * change a rule only with that document regenerated.
 *
 * @param target the schedule the rate is handed to
 * @param method the suggestion method read
 * @param factor what its geometric mean is multiplied by
 * @param smoothing the smoothing the method reads (when the user names none)
 */
public record TargetRule(TrainingSchedule target, Method method, double factor, Smoothing smoothing) {

    /** The schedule a recommendation is for when none is named: see the README's "Which suggestion is recommended". */
    public static final TrainingSchedule DEFAULT_TARGET = TrainingSchedule.ONE_CYCLE;

    /** The evidence's rule for {@code target}. */
    public static TargetRule of(TrainingSchedule target) {
        return switch (target) {
            // The best rule on the default smoothing (the curve the plot draws): 4 of 13 tasks within 10%
            // for the geometric mean of 5 runs, median regret 0.89 (steep x0.316 on ema, the rule before
            // the lag-free default and the raw-loss divergence stop: 2 of 13 on the same curves)
            case ONE_CYCLE -> new TargetRule(target, Method.MINIMUM, 1.78, Smoothing.DEFAULT);
            // 5 of 13, median 0.34 (valley x3.16 on none before: 3)
            case CONSTANT -> new TargetRule(target, Method.DIVERGENCE, 3.16, Smoothing.DEFAULT);
            // 5 of 13, median 1.19 (minimum x1.78 on ema before: 6 of 13, median 1.78)
            case COSINE -> new TargetRule(target, Method.DIVERGENCE, 3.16, Smoothing.DEFAULT);
        };
    }

    /** "divergence x3.16 on debiased-ema". */
    public String describe() {
        return method.id() + (factor == 1 ? "" : " x" + PreparedCurve.fmt(factor)) + " on " + smoothing.id();
    }
}
