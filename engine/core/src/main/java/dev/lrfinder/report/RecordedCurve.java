package dev.lrfinder.report;

import java.util.Objects;

/**
 * One range-test curve read from a file by {@link CurveFiles}: the points as recorded, not yet
 * checked by the analysis (rates may be unsorted, losses non-finite).
 *
 * @param source how reports name it: the file, with the run when the file holds several
 * @param lrs the learning rate of every recorded step
 * @param losses the loss of every recorded step; NaN where the file has an empty or null loss
 * @param requestedSteps the steps the sweep was asked for when the file says (lrfinder's
 *     report.json), else 0
 * @param lossKind what the losses are, as far as the file's format tells
 */
public record RecordedCurve(String source, double[] lrs, double[] losses, int requestedSteps, Losses lossKind) {

    /** What a file's losses are, as far as its format tells. */
    public enum Losses {
        /** Each step's own loss: lrfinder's report.json, curves.csv and run-N.csv. */
        RAW,
        /**
         * A tool's smoothed loss, which ends where the tool stopped: JSON {@code {"lr": [...],
         * "loss": [...]}}, as Lightning's {@code lr_finder.results} and torch-lr-finder's
         * {@code history} hold (the format does not say which of them).
         */
        SMOOTHED,
        /** Any other CSV: raw or a tool's smoothed loss, the file does not say. */
        UNSTATED
    }

    public RecordedCurve {
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(lossKind, "lossKind must not be null");
        lrs = lrs.clone();
        losses = losses.clone();
        if (lrs.length != losses.length) {
            throw new IllegalArgumentException("lrs has " + lrs.length + " points but losses has " + losses.length);
        }
    }

    @Override
    public double[] lrs() {
        return lrs.clone();
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    /** Recorded points. */
    public int size() {
        return lrs.length;
    }
}
