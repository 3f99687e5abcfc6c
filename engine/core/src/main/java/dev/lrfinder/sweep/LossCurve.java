package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import java.util.Arrays;

/**
 * What one sweep recorded: for step {@code i}, the learning rate actually applied and the raw
 * training loss of that step's batch (the loss computed before the update at that learning rate),
 * and in validation-loss mode the loss on the validation data after that update.
 *
 * @param lrs applied learning rates, one per recorded step
 * @param losses raw losses, one per recorded step; the last may be non-finite ({@link
 *     StopReason#NON_FINITE})
 * @param stopReason why the sweep ended
 * @param plannedSteps how many steps the schedule had
 * @param validationLosses the validation loss after each recorded step, or empty when none was
 *     recorded
 */
public record LossCurve(double[] lrs, double[] losses, StopReason stopReason, int plannedSteps, double[] validationLosses) {

    public LossCurve {
        if (lrs.length != losses.length) {
            throw Checks.invalid("losses.length", losses.length, "equal to lrs.length (" + lrs.length + ")");
        }
        if (validationLosses.length != 0 && validationLosses.length != lrs.length) {
            throw Checks.invalid("validationLosses.length", validationLosses.length, "0 or lrs.length (" + lrs.length + ")");
        }
        lrs = lrs.clone();
        losses = losses.clone();
        validationLosses = validationLosses.clone();
    }

    /** A curve of training losses only. */
    public LossCurve(double[] lrs, double[] losses, StopReason stopReason, int plannedSteps) {
        this(lrs, losses, stopReason, plannedSteps, new double[0]);
    }

    /** Recorded steps. */
    public int size() {
        return lrs.length;
    }

    @Override
    public double[] lrs() {
        return lrs.clone();
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    @Override
    public double[] validationLosses() {
        return validationLosses.clone();
    }

    /** Whether validation losses were recorded (validation-loss mode, at least one step). */
    public boolean hasValidation() {
        return validationLosses.length > 0;
    }

    /** The training losses or the validation losses. */
    public double[] losses(SweepCurve curve) {
        if (curve == SweepCurve.VALIDATION && !hasValidation() && size() > 0) {
            throw Checks.invalid("curve", curve.id(), "train: this sweep recorded no validation loss");
        }
        return curve == SweepCurve.VALIDATION ? validationLosses() : losses();
    }

    public double lr(int step) {
        return lrs[step];
    }

    public double loss(int step) {
        return losses[step];
    }

    public double validationLoss(int step) {
        return validationLosses[step];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossCurve c
                && Arrays.equals(lrs, c.lrs)
                && Arrays.equals(losses, c.losses)
                && Arrays.equals(validationLosses, c.validationLosses)
                && stopReason == c.stopReason
                && plannedSteps == c.plannedSteps;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(lrs) + Arrays.hashCode(losses)) + Arrays.hashCode(validationLosses))
                + stopReason.hashCode();
    }

    @Override
    public String toString() {
        return "LossCurve[" + size() + " of " + plannedSteps + " steps, " + stopReason
                + (hasValidation() ? ", with validation losses" : "") + "]";
    }
}
