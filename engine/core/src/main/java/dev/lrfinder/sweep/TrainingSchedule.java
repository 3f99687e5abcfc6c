package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import dev.lrfinder.base.Named;

/**
 * The schedule a recommended rate is handed to in training, and the per-step rates (and, for
 * OneCycle, momenta) of a short fit under it (how {@code --verify} checks a candidate, and how the
 * evidence scores a rate). The knobs are {@link ScheduleOptions}'s, torch's defaults unless given.
 */
public enum TrainingSchedule implements Named {
    /** The rate held for every step, after an optional linear warm-up. */
    CONSTANT("constant", "a constant learning rate"),
    /**
     * torch's {@code OneCycleLR} with the rate as {@code max_lr}; with its defaults a cosine warm-up
     * from {@code max_lr / 25} over the first 30% of the steps, then a cosine anneal to {@code
     * max_lr / (25 * 1e4)}, while the momentum (beta1) goes the other way, 0.95 to 0.85 and back.
     */
    ONE_CYCLE("onecycle", "the peak (max_lr) of a OneCycle schedule"),
    /**
     * A cosine decay from the rate to 0 over the fit (torch's {@code CosineAnnealingLR}, {@code
     * eta_min=0}), after an optional linear warm-up.
     */
    COSINE("cosine", "the start of a cosine decay to 0");

    private final String id;
    private final String description;

    TrainingSchedule(String id, String description) {
        this.id = id;
        this.description = description;
    }

    @Override
    public String id() {
        return id;
    }

    /** What the rate is, in words: "the peak (max_lr) of a OneCycle schedule". */
    public String description() {
        return description;
    }

    /** Looks a schedule up by id ({@code for = x: must be one of constant, onecycle, cosine}). */
    public static TrainingSchedule byId(String id) {
        return Named.byId(TrainingSchedule.class, "for", id);
    }

    /** {@link #rates(double, int, ScheduleOptions)} with torch's defaults and no warm-up. */
    public double[] rates(double lr, int steps) {
        return rates(lr, steps, ScheduleOptions.defaults());
    }

    /**
     * The rate of each of {@code steps} steps with {@code lr} as this schedule's rate (constant,
     * OneCycle's max_lr, cosine's start), as torch's schedulers step it: step {@code i} trains at the
     * rate the scheduler holds after {@code i} calls of {@code scheduler.step()}. With a warm-up of
     * {@code w} steps ({@code cosine}, {@code constant}), step {@code i < w} trains at {@code lr * i / w}
     * and the cosine runs over the steps after it (Hugging Face's {@code
     * get_cosine_schedule_with_warmup} and {@code get_constant_schedule_with_warmup}).
     */
    public double[] rates(double lr, int steps, ScheduleOptions options) {
        Checks.positive("lr", lr);
        Checks.inRange("steps", steps, 1, SweepConfig.MAX_STEPS);
        double[] rates = new double[steps];
        int warmup = this == ONE_CYCLE ? 0 : options.warmupStepsOf(steps);
        for (int i = 0; i < steps; i++) {
            rates[i] = i < warmup ? lr * i / warmup : switch (this) {
                case CONSTANT -> lr;
                case COSINE -> lr * (1 + Math.cos(Math.PI * (i - warmup) / Math.max(1, steps - warmup))) / 2;
                case ONE_CYCLE -> OneCyclePhases.of(options, steps).at(i, lr / options.divFactor(), lr,
                        lr / options.divFactor() / options.finalDivFactor());
            };
        }
        return rates;
    }

    /**
     * The momentum (SGD's and RMSprop's) or beta1 (Adam's and AdamW's) of each step, as torch's
     * {@code OneCycleLR} sets it before each step, or null when this schedule leaves the optimizer's
     * own in place (every schedule but OneCycle with {@code cycleMomentum}).
     */
    public double[] momenta(int steps, ScheduleOptions options) {
        Checks.inRange("steps", steps, 1, SweepConfig.MAX_STEPS);
        if (this != ONE_CYCLE || !options.cycleMomentum()) {
            return null;
        }
        OneCyclePhases phases = OneCyclePhases.of(options, steps);
        double[] momenta = new double[steps];
        for (int i = 0; i < steps; i++) {
            // torch's momentum phases run max -> base -> max (-> max): the rate's shape upside down.
            momenta[i] = phases.at(i, options.maxMomentum(), options.baseMomentum(), options.maxMomentum());
        }
        return momenta;
    }

    /**
     * The optimizer a fit under this schedule is opened with: {@code spec} itself, or, when momentum
     * cycles, {@code spec} with its momentum (SGD, RMSprop) or beta1 (Adam, AdamW) at {@code
     * max_momentum}, as {@code OneCycleLR}'s constructor sets it. For plain SGD that turns momentum
     * on, as it does in torch.
     */
    public OptimizerSpec optimizerFor(OptimizerSpec spec, ScheduleOptions options) {
        if (momenta(1, options) == null) {
            return spec;
        }
        // With max_momentum 0 and a base above it the opening value still has to be one that keeps
        // a momentum buffer; every step sets its own value before it runs.
        double opening = options.maxMomentum() > 0 ? options.maxMomentum() : options.baseMomentum();
        return switch (spec.kind()) {
            case ADAM, ADAMW -> new OptimizerSpec(spec.kind(), spec.momentum(), spec.dampening(), spec.nesterov(),
                    spec.weightDecay(), opening, spec.beta2(), spec.eps(), spec.alpha(), spec.centered());
            default -> new OptimizerSpec(spec.kind(), opening, spec.dampening(), spec.nesterov(), spec.weightDecay(),
                    spec.beta1(), spec.beta2(), spec.eps(), spec.alpha(), spec.centered());
        };
    }

    /**
     * torch's {@code OneCycleLR} phases (two, or three with {@code three_phase}): phase {@code k}
     * ends at step {@code ends[k]} and anneals by cosine between its start and end values.
     */
    private record OneCyclePhases(double[] ends, boolean threePhase) {
        static OneCyclePhases of(ScheduleOptions o, int steps) {
            double warm = o.pctStart() * steps - 1;
            return o.threePhase()
                    ? new OneCyclePhases(new double[] {warm, 2 * o.pctStart() * steps - 2, steps - 1}, true)
                    : new OneCyclePhases(new double[] {warm, steps - 1}, false);
        }

        /** The value at {@code step} of a cycle from {@code first} to {@code peak} to {@code last}, as torch's get_lr walks the phases. */
        double at(int step, double first, double peak, double last) {
            double[] from = threePhase ? new double[] {first, peak, first} : new double[] {first, peak};
            double[] to = threePhase ? new double[] {peak, first, last} : new double[] {peak, last};
            double start = 0;
            for (int k = 0; k < ends.length; k++) {
                if (step <= ends[k] || k == ends.length - 1) {
                    double span = ends[k] - start;
                    // torch divides by zero here (a 0-step phase); the phase's end value is what it aims at.
                    double pct = span == 0 ? 1 : (step - start) / span;
                    return cosine(from[k], to[k], pct);
                }
                start = ends[k];
            }
            throw new AssertionError("unreachable: the last phase takes every step");
        }

        /** torch's {@code _annealing_cos}: from {@code start} to {@code end} as {@code pct} goes 0 to 1. */
        private static double cosine(double start, double end, double pct) {
            return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
