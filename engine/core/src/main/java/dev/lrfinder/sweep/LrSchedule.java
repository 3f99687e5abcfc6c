package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import dev.lrfinder.base.Named;
import java.util.Arrays;

/**
 * How the learning rate rises from {@code lrMin} to {@code lrMax} over a sweep.
 *
 * <p>Grid convention (both schedules): step {@code i} of {@code steps} applies {@code lr_i}, with
 * {@code lr_0 = lrMin} and {@code lr_(steps-1) = lrMax} exactly. fastai's {@code lr_find} uses the
 * same end points; torch-lr-finder's exponential schedule never reaches {@code lrMax} (it divides by
 * {@code steps} rather than {@code steps - 1}).
 */
public enum LrSchedule implements Named {
    /** {@code lr_i = lrMin * (lrMax / lrMin)^(i / (steps - 1))}: equal steps in log(lr). */
    EXPONENTIAL("exponential"),
    /** {@code lr_i = lrMin + (lrMax - lrMin) * i / (steps - 1)}: equal steps in lr. */
    LINEAR("linear");

    private final String id;

    LrSchedule(String id) {
        this.id = id;
    }

    /** The name used in files and on the command line. */
    public String id() {
        return id;
    }

    /** The learning rate applied at step {@code step} (0-based) of {@code steps}. */
    public double lrAt(int step, int steps, double lrMin, double lrMax) {
        if (steps < 2) {
            throw Checks.invalid("steps", steps, "an integer >= 2");
        }
        if (step < 0 || step >= steps) {
            throw Checks.invalid("step", step, "an integer in [0, " + (steps - 1) + "]");
        }
        if (step == steps - 1) {
            return lrMax; // exact, whatever rounding the formula would give
        }
        double fraction = (double) step / (steps - 1);
        return switch (this) {
            case EXPONENTIAL -> lrMin * Math.pow(lrMax / lrMin, fraction);
            case LINEAR -> lrMin + (lrMax - lrMin) * fraction;
        };
    }

    /** Every learning rate of a sweep, in order. */
    public double[] grid(int steps, double lrMin, double lrMax) {
        double[] lrs = new double[steps];
        Arrays.setAll(lrs, i -> lrAt(i, steps, lrMin, lrMax));
        return lrs;
    }

    /** Looks a schedule up by its {@link #id()}, ignoring case. */
    public static LrSchedule byId(String id) {
        return Named.byId(LrSchedule.class, "schedule", id);
    }
}
