package dev.lrfinder.sweep;

/**
 * A short fit scored on validation data.
 *
 * @param sweep the fit's training curve and run record
 * @param validationLoss the mean validation loss after the last step; +infinity when the fit
 *     diverged (its divergence rule stopped it) or the loss is not finite
 */
public record FitResult(SweepResult sweep, double validationLoss) {

    /** Whether the fit ran all its steps and its validation loss is finite. */
    public boolean trained() {
        return Double.isFinite(validationLoss);
    }
}
