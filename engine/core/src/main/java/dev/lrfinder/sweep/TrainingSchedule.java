package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import dev.lrfinder.base.Named;

/**
 * The schedule a recommended rate is handed to in training, and the per-step rates of a short fit
 * under it (how {@code --verify} checks a candidate, and how the evidence scores a rate).
 */
public enum TrainingSchedule implements Named {
    /** The rate held for every step. */
    CONSTANT("constant", "a constant learning rate"),
    /**
     * torch's {@code OneCycleLR} with the rate as {@code max_lr} and its defaults: a cosine warm-up
     * from {@code max_lr / 25} over the first 30% of the steps, then a cosine anneal to {@code
     * max_lr / (25 * 1e4)}.
     */
    ONE_CYCLE("onecycle", "the peak (max_lr) of a OneCycle schedule"),
    /** A cosine decay from the rate to 0 over the fit (torch's {@code CosineAnnealingLR}, {@code eta_min=0}). */
    COSINE("cosine", "the start of a cosine decay to 0");

    /** torch's {@code OneCycleLR} default share of the steps spent warming up. */
    public static final double ONE_CYCLE_PCT_START = 0.3;
    /** torch's default: the warm-up starts at {@code max_lr / DIV_FACTOR}. */
    public static final double ONE_CYCLE_DIV_FACTOR = 25;
    /** torch's default: the anneal ends at {@code max_lr / (DIV_FACTOR * FINAL_DIV_FACTOR)}. */
    public static final double ONE_CYCLE_FINAL_DIV_FACTOR = 1e4;

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

    /**
     * The rate of each of {@code steps} steps with {@code lr} as this schedule's rate (constant,
     * OneCycle's max_lr, cosine's start), as torch's schedulers step it: step {@code i} trains at the
     * rate the scheduler holds after {@code i} calls of {@code scheduler.step()}.
     */
    public double[] rates(double lr, int steps) {
        Checks.positive("lr", lr);
        Checks.inRange("steps", steps, 1, SweepConfig.MAX_STEPS);
        double[] rates = new double[steps];
        for (int i = 0; i < steps; i++) {
            rates[i] = switch (this) {
                case CONSTANT -> lr;
                case COSINE -> lr * (1 + Math.cos(Math.PI * i / steps)) / 2;
                case ONE_CYCLE -> oneCycle(lr, i, steps);
            };
        }
        return rates;
    }

    /** torch's OneCycleLR (two phases, cos anneal): phase ends at {@code pct_start * steps - 1} and {@code steps - 1}. */
    private static double oneCycle(double maxLr, int step, int steps) {
        double initial = maxLr / ONE_CYCLE_DIV_FACTOR;
        double last = initial / ONE_CYCLE_FINAL_DIV_FACTOR;
        double warmEnd = ONE_CYCLE_PCT_START * steps - 1;
        double end = steps - 1;
        if (steps == 1) {
            return initial;
        }
        if (step <= warmEnd) {
            return cosine(initial, maxLr, warmEnd <= 0 ? 1 : step / warmEnd);
        }
        return cosine(maxLr, last, (step - warmEnd) / (end - warmEnd));
    }

    /** torch's {@code _annealing_cos}: from {@code start} to {@code end} as {@code pct} goes 0 to 1. */
    private static double cosine(double start, double end, double pct) {
        return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
    }

    @Override
    public String toString() {
        return id;
    }
}
