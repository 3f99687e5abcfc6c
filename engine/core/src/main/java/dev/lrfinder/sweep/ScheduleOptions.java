package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The knobs of the training schedule a rate is fitted under ({@link TrainingSchedule}): torch's
 * {@code OneCycleLR} arguments by their torch names, and a linear warm-up for {@code cosine} and
 * {@code constant}. {@link #defaults()} is torch's defaults and no warm-up. Build one with {@link
 * #builder()}.
 *
 * @param pctStart OneCycle's {@code pct_start}: the share of the steps spent raising the rate, in [0, 1]
 * @param divFactor OneCycle's {@code div_factor}: the first rate is {@code max_lr / divFactor}, {@code > 0}
 * @param finalDivFactor OneCycle's {@code final_div_factor}: the last rate is {@code max_lr / (divFactor *
 *     finalDivFactor)}, {@code > 0}
 * @param threePhase OneCycle's {@code three_phase}: back down to {@code max_lr / divFactor} as
 *     symmetrically as it went up, then the anneal to the last rate
 * @param cycleMomentum OneCycle's {@code cycle_momentum}: SGD's and RMSprop's momentum, Adam's and
 *     AdamW's beta1, cycle inversely to the rate between {@code maxMomentum} and {@code baseMomentum}
 * @param baseMomentum OneCycle's {@code base_momentum}: the momentum at the peak rate, in [0, 1)
 * @param maxMomentum OneCycle's {@code max_momentum}: the momentum at the first and last step, in [0, 1)
 * @param warmupSteps {@code cosine} and {@code constant}: a linear warm-up over this many steps, the
 *     rate of step {@code i < warmupSteps} being {@code lr * i / warmupSteps}; 0 for none
 * @param warmupShare the same warm-up given as a share of the fit's steps ({@code ceil(share * steps)}
 *     steps), in [0, 1); 0 for none. At most one of the two is set
 */
public record ScheduleOptions(double pctStart, double divFactor, double finalDivFactor, boolean threePhase,
        boolean cycleMomentum, double baseMomentum, double maxMomentum, int warmupSteps, double warmupShare) {

    /** torch's {@code pct_start}; lower it for a shorter warm-up when the model tolerates its peak rate early. */
    public static final double DEFAULT_PCT_START = 0.3;
    /** torch's {@code div_factor}; raise it when the first steps at {@code max_lr / 25} still upset the model. */
    public static final double DEFAULT_DIV_FACTOR = 25;
    /** torch's {@code final_div_factor}; change it only to match a training that ends at another rate. */
    public static final double DEFAULT_FINAL_DIV_FACTOR = 1e4;
    /** torch's {@code cycle_momentum}; turn it off to match a training whose scheduler leaves momentum alone. */
    public static final boolean DEFAULT_CYCLE_MOMENTUM = true;
    /** torch's {@code base_momentum}, the momentum at the peak rate. */
    public static final double DEFAULT_BASE_MOMENTUM = 0.85;
    /** torch's {@code max_momentum}, the momentum at the ends (for plain SGD it turns momentum on). */
    public static final double DEFAULT_MAX_MOMENTUM = 0.95;

    private static final ScheduleOptions DEFAULTS = builder().build();

    public ScheduleOptions {
        if (!(pctStart >= 0 && pctStart <= 1)) {
            throw Checks.invalid("pctStart", pctStart, "a number in [0, 1]");
        }
        checkFactor("divFactor", divFactor);
        checkFactor("finalDivFactor", finalDivFactor);
        Checks.inHalfOpen("baseMomentum", baseMomentum, 0, 1);
        Checks.inHalfOpen("maxMomentum", maxMomentum, 0, 1);
        Checks.inRange("warmupSteps", warmupSteps, 0, SweepConfig.MAX_STEPS);
        Checks.inHalfOpen("warmupShare", warmupShare, 0, 1);
        if (warmupSteps > 0 && warmupShare > 0) {
            throw Checks.invalid("warmupShare", warmupShare, "0 when warmupSteps is set (" + warmupSteps + ")");
        }
    }

    private static void checkFactor(String name, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw Checks.invalid(name, value, "a finite number > 0");
        }
    }

    /** torch's defaults, no warm-up. */
    public static ScheduleOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder().optPctStart(pctStart).optDivFactor(divFactor).optFinalDivFactor(finalDivFactor)
                .optThreePhase(threePhase).optCycleMomentum(cycleMomentum).optBaseMomentum(baseMomentum)
                .optMaxMomentum(maxMomentum).optWarmupSteps(warmupSteps).optWarmupShare(warmupShare);
    }

    /** The warm-up of a fit of {@code steps} steps, in steps (0: none). */
    public int warmupStepsOf(int steps) {
        return warmupShare > 0 ? (int) Math.ceil(warmupShare * steps) : warmupSteps;
    }

    /**
     * The knobs {@code schedule} reads, by the report's names, for the run record: OneCycle's
     * (with the momentum range only when it cycles) or the warm-up; none for a constant rate without one.
     */
    public Map<String, Object> knobs(TrainingSchedule schedule) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (schedule == TrainingSchedule.ONE_CYCLE) {
            m.put("pctStart", pctStart);
            m.put("divFactor", divFactor);
            m.put("finalDivFactor", finalDivFactor);
            m.put("annealStrategy", "cos");
            m.put("threePhase", threePhase);
            m.put("cycleMomentum", cycleMomentum);
            if (cycleMomentum) {
                m.put("baseMomentum", baseMomentum);
                m.put("maxMomentum", maxMomentum);
            }
        } else if (warmupShare > 0) {
            m.put("warmupShare", warmupShare);
        } else {
            m.put("warmupSteps", warmupSteps);
        }
        return m;
    }

    /** Collects values over torch's defaults; {@link #build()} checks them. */
    public static final class Builder {
        private double pctStart = DEFAULT_PCT_START;
        private double divFactor = DEFAULT_DIV_FACTOR;
        private double finalDivFactor = DEFAULT_FINAL_DIV_FACTOR;
        private boolean threePhase;
        private boolean cycleMomentum = DEFAULT_CYCLE_MOMENTUM;
        private double baseMomentum = DEFAULT_BASE_MOMENTUM;
        private double maxMomentum = DEFAULT_MAX_MOMENTUM;
        private int warmupSteps;
        private double warmupShare;

        Builder() {}

        public Builder optPctStart(double pctStart) {
            this.pctStart = pctStart;
            return this;
        }

        public Builder optDivFactor(double divFactor) {
            this.divFactor = divFactor;
            return this;
        }

        public Builder optFinalDivFactor(double finalDivFactor) {
            this.finalDivFactor = finalDivFactor;
            return this;
        }

        public Builder optThreePhase(boolean threePhase) {
            this.threePhase = threePhase;
            return this;
        }

        public Builder optCycleMomentum(boolean cycleMomentum) {
            this.cycleMomentum = cycleMomentum;
            return this;
        }

        public Builder optBaseMomentum(double baseMomentum) {
            this.baseMomentum = baseMomentum;
            return this;
        }

        public Builder optMaxMomentum(double maxMomentum) {
            this.maxMomentum = maxMomentum;
            return this;
        }

        /** A warm-up of this many steps (clears a share given before). */
        public Builder optWarmupSteps(int warmupSteps) {
            this.warmupSteps = warmupSteps;
            if (warmupSteps > 0) {
                this.warmupShare = 0;
            }
            return this;
        }

        /** A warm-up over this share of the fit's steps (clears a count given before). */
        public Builder optWarmupShare(double warmupShare) {
            this.warmupShare = warmupShare;
            if (warmupShare > 0) {
                this.warmupSteps = 0;
            }
            return this;
        }

        /** @throws IllegalArgumentException naming the first bad value */
        public ScheduleOptions build() {
            return new ScheduleOptions(pctStart, divFactor, finalDivFactor, threePhase, cycleMomentum, baseMomentum,
                    maxMomentum, warmupSteps, warmupShare);
        }
    }
}
