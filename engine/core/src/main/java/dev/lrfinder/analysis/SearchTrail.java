package dev.lrfinder.analysis;

import java.util.List;

/**
 * How {@link VerificationSearch} reached its answer: every fit it ran, what they cost, the horizon
 * the answer is for and how it was reached, and why an end of the good range is open. Absent (a
 * {@link Verification} without a trail) for a verdict on a fixed grid ({@link Verification#of}).
 *
 * @param rangeTestLr the range tests' own answer the search started from (NaN when there was none)
 * @param fits every fit, in the order they ran
 * @param budgetSteps the most optimizer steps the fits could spend together
 * @param stepsSpent the optimizer steps they were given together (a diverged fit stops early, so
 *     at most this many ran)
 * @param trainSteps the training horizon the answer is for: {@code --train-steps}, the epochs in
 *     steps, or {@link VerificationSearch#DEFAULT_HORIZON_STEPS}
 * @param shortSteps the steps of the scanning fits
 * @param shortBestLr the scanning fits' best rate, refined by a parabola (NaN when none trained)
 * @param fitBestLr the final fits' best rate, refined by a parabola, before any horizon correction
 * @param horizonShiftDecades the horizon correction applied to {@code fitBestLr}, in decades of
 *     rate (0 when the final fits ran at the horizon, or when it could not be measured)
 * @param horizon in words, how the answer was made to hold for {@code trainSteps}
 * @param goodRangeSteps the steps of the fits the good range is read from
 * @param openBelowWhy why the good range's low end was not found ({@code "budget"}, {@code
 *     "lr-min"}), null when it was
 * @param openAboveWhy why its high end was not found ({@code "budget"}, {@code "lr-max"}), null when it was
 * @param unverifiedWhy why there is no verified rate (no validation data can be made, every fit
 *     diverged), null when there is one
 */
public record SearchTrail(double rangeTestLr, List<Fit> fits, int budgetSteps, int stepsSpent, int trainSteps,
        int shortSteps, double shortBestLr, double fitBestLr, double horizonShiftDecades, String horizon,
        int goodRangeSteps, String openBelowWhy, String openAboveWhy, String unverifiedWhy) {

    public SearchTrail {
        fits = List.copyOf(fits);
    }

    /** Nothing could be verified, for {@code why}; the range tests' answer {@code rangeTestLr} stands. */
    public static SearchTrail unverified(double rangeTestLr, String why) {
        return new SearchTrail(rangeTestLr, List.of(), 0, 0, 0, 0, Double.NaN, Double.NaN, 0, "", 0, null, null, why);
    }

    /**
     * One fit of the search.
     *
     * @param lr its rate (constant, OneCycle's max_lr, cosine's start)
     * @param steps its optimizer steps
     * @param validationLoss its validation loss after the last step, +infinity when it diverged
     * @param stage {@code scan} (the range tests' bracket), {@code extend} (past an edge),
     *     {@code refine} (halfway between the best and its neighbours) or {@code final} (the long fits)
     */
    public record Fit(double lr, int steps, double validationLoss, String stage) {}
}
