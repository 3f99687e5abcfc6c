package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import java.util.Arrays;

/**
 * What one sweep recorded: for step {@code i}, the learning rate actually applied and the raw
 * training loss of that step's batch (the loss computed before the update at that learning rate).
 *
 * @param lrs applied learning rates, one per recorded step
 * @param losses raw losses, one per recorded step; the last may be non-finite ({@link
 *     StopReason#NON_FINITE})
 * @param stopReason why the sweep ended
 * @param plannedSteps how many steps the schedule had
 */
public record LossCurve(double[] lrs, double[] losses, StopReason stopReason, int plannedSteps) {

    public LossCurve {
        if (lrs.length != losses.length) {
            throw Checks.invalid("losses.length", losses.length, "equal to lrs.length (" + lrs.length + ")");
        }
        lrs = lrs.clone();
        losses = losses.clone();
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

    public double lr(int step) {
        return lrs[step];
    }

    public double loss(int step) {
        return losses[step];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossCurve c
                && Arrays.equals(lrs, c.lrs)
                && Arrays.equals(losses, c.losses)
                && stopReason == c.stopReason
                && plannedSteps == c.plannedSteps;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(lrs) + Arrays.hashCode(losses)) + stopReason.hashCode();
    }

    @Override
    public String toString() {
        return "LossCurve[" + size() + " of " + plannedSteps + " steps, " + stopReason + "]";
    }
}
