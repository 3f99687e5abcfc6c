package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.TrainingSchedule;
import java.util.Arrays;

/**
 * What short fits at candidate rates said about a recommendation ({@code --verify}): each
 * candidate's validation loss, the verified rate and the range of rates that train within {@link
 * #GOOD_RANGE_TOLERANCE} of the best.
 *
 * @param schedule the schedule every fit ran under, the candidate as its rate
 * @param steps steps per fit
 * @param candidates the rates tried, ascending, evenly spaced in log10
 * @param validationLosses each candidate's validation loss after its fit, +infinity where it diverged
 * @param bestIndex the candidate with the lowest validation loss, -1 when every fit diverged
 * @param verifiedLr the best candidate refined by a parabola through log(loss) against log10(rate)
 *     at it and its two neighbours, its vertex kept between them; the best candidate itself at an
 *     end of the grid; NaN when every fit diverged
 * @param goodFrom the lowest rate whose loss (linear in log10 rate between candidates) is within
 *     {@link #GOOD_RANGE_TOLERANCE} of the best; the grid's first rate when the range runs off it
 * @param goodTo the highest such rate
 * @param openBelow whether the good range reaches the grid's lowest candidate (it may go further)
 * @param openAbove whether it reaches the highest
 * @param seconds wall time of all the fits together
 * @param validation what the fits were scored on, in words
 * @param search how {@link VerificationSearch} found it (its fits, cost and horizon), null for a
 *     verdict on a fixed grid ({@link #of}); with a search, {@code steps}, {@code candidates} and
 *     {@code validationLosses} are its final fits', {@code goodFrom}/{@code goodTo} come from the
 *     fits of {@link SearchTrail#goodRangeSteps()} steps and {@code verifiedLr} is for its horizon
 */
public record Verification(TrainingSchedule schedule, int steps, double[] candidates, double[] validationLosses,
        int bestIndex, double verifiedLr, double goodFrom, double goodTo, boolean openBelow, boolean openAbove,
        double seconds, String validation, SearchTrail search) {

    /** A verdict on a fixed grid, without a search. */
    public Verification(TrainingSchedule schedule, int steps, double[] candidates, double[] validationLosses,
            int bestIndex, double verifiedLr, double goodFrom, double goodTo, boolean openBelow, boolean openAbove,
            double seconds, String validation) {
        this(schedule, steps, candidates, validationLosses, bestIndex, verifiedLr, goodFrom, goodTo, openBelow,
                openAbove, seconds, validation, null);
    }

    /**
     * No verification: nothing could score a fit ({@code why}, e.g. a model of yours without
     * validation data); the range tests' answer {@code rangeTestLr} stands.
     */
    public static Verification unverified(TrainingSchedule schedule, double rangeTestLr, String why) {
        return new Verification(schedule, 0, new double[0], new double[0], -1, Double.NaN, Double.NaN, Double.NaN,
                false, false, 0, "", SearchTrail.unverified(rangeTestLr, why));
    }

    /** The search's trail, empty for a verdict on a fixed grid. */
    public java.util.Optional<SearchTrail> trail() {
        return java.util.Optional.ofNullable(search);
    }

    /** This verdict with {@code search}'s trail, the rate {@code verifiedLr} and the good range given. */
    Verification searched(double verifiedLr, double goodFrom, double goodTo, boolean openBelow, boolean openAbove,
            double seconds, SearchTrail search) {
        return new Verification(schedule, steps, candidates, validationLosses, bestIndex, verifiedLr, goodFrom, goodTo,
                openBelow, openAbove, seconds, validation, search);
    }

    /** Verified fits when {@code --verify} is given without a count: a best point, two neighbours each side. */
    public static final int DEFAULT_CANDIDATES = 5;
    /**
     * The grid reaches at least this many decades each side of the recommendation: the evidence
     * (docs/evidence/recommendation.md) has the best rate within a decade of the rule's answer on
     * every task. Raise it when the recommendation is far from where fits train best.
     */
    public static final double DEFAULT_HALF_WIDTH_DECADES = 1.0;
    /** "Within 10% of the best validation loss": the good range. */
    public static final double GOOD_RANGE_TOLERANCE = 0.10;

    public Verification {
        candidates = candidates.clone();
        validationLosses = validationLosses.clone();
    }

    /**
     * {@code k} rates evenly spaced in log10 from {@code min(recommended / 10^h, runsLow)} to {@code
     * max(recommended * 10^h, runsHigh)}, h = {@link #DEFAULT_HALF_WIDTH_DECADES}: the runs' spread
     * (each run's answer under the target's rule) is always covered, and at least a decade each side.
     * With {@code k = 1}, the recommendation alone.
     */
    public static double[] candidates(double recommended, double runsLow, double runsHigh, int k) {
        Checks.positive("recommended", recommended);
        Checks.inRange("verify", k, 1, 100);
        if (k == 1) {
            return new double[] {recommended};
        }
        double low = Math.log10(recommended) - DEFAULT_HALF_WIDTH_DECADES;
        double high = Math.log10(recommended) + DEFAULT_HALF_WIDTH_DECADES;
        if (Double.isFinite(runsLow) && runsLow > 0) {
            low = Math.min(low, Math.log10(runsLow));
        }
        if (Double.isFinite(runsHigh) && runsHigh > 0) {
            high = Math.max(high, Math.log10(runsHigh));
        }
        double[] rates = new double[k];
        for (int i = 0; i < k; i++) {
            rates[i] = Math.pow(10, low + (high - low) * i / (k - 1));
        }
        return rates;
    }

    /** The verdict of fits at {@code candidates} (ascending) that ended at {@code losses}. */
    public static Verification of(TrainingSchedule schedule, int steps, double[] candidates, double[] losses,
            double seconds, String validation) {
        int k = candidates.length;
        if (losses.length != k || k == 0) {
            throw Checks.invalid("losses.length", losses.length, "the number of candidates, " + k);
        }
        double[] x = new double[k];
        double[] y = new double[k];
        int best = -1;
        for (int i = 0; i < k; i++) {
            x[i] = Math.log10(candidates[i]);
            y[i] = Double.isFinite(losses[i]) ? losses[i] : Double.POSITIVE_INFINITY;
            if (Double.isFinite(y[i]) && (best < 0 || y[i] < y[best])) {
                best = i;
            }
        }
        if (best < 0) {
            return new Verification(schedule, steps, candidates, y, -1, Double.NaN, Double.NaN, Double.NaN, false, false,
                    seconds, validation);
        }
        double verified = Math.pow(10, refine(x, y, best));
        double limit = y[best] * (1 + GOOD_RANGE_TOLERANCE);
        double from = crossing(x, y, best, -1, limit);
        double to = crossing(x, y, best, +1, limit);
        return new Verification(schedule, steps, candidates, y, best, verified, Math.pow(10, from), Math.pow(10, to),
                from == x[0] && y[0] <= limit, to == x[k - 1] && y[k - 1] <= limit, seconds, validation);
    }

    /** The vertex of the parabola through log(loss) at {@code best} and its neighbours, kept between them. */
    static double refine(double[] x, double[] y, int best) {
        if (best == 0 || best == x.length - 1 || !Double.isFinite(y[best - 1]) || !Double.isFinite(y[best + 1])) {
            return x[best];
        }
        double x0 = x[best - 1], x1 = x[best], x2 = x[best + 1];
        double y0 = Math.log(y[best - 1]), y1 = Math.log(y[best]), y2 = Math.log(y[best + 1]);
        double denominator = (x0 - x1) * (x0 - x2) * (x1 - x2);
        double a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / denominator;
        double b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / denominator;
        if (!(a > 0)) {
            return x1; // flat or not a minimum: nothing to refine
        }
        return Math.max(x0, Math.min(x2, -b / (2 * a)));
    }

    /** Walking from {@code best} in {@code direction}: where the loss first passes {@code limit}, in log10 rate. */
    static double crossing(double[] x, double[] y, int best, int direction, double limit) {
        int i = best;
        while (i + direction >= 0 && i + direction < x.length) {
            int next = i + direction;
            if (!(y[next] <= limit)) {
                if (!Double.isFinite(y[next])) {
                    return x[i];
                }
                double t = (limit - y[i]) / (y[next] - y[i]);
                return x[i] + t * (x[next] - x[i]);
            }
            i = next;
        }
        return x[i];
    }

    /** Whether some fit trained: there is a verified rate. */
    public boolean isPresent() {
        return bestIndex >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Verification v && schedule == v.schedule && steps == v.steps
                && Arrays.equals(candidates, v.candidates) && Arrays.equals(validationLosses, v.validationLosses)
                && bestIndex == v.bestIndex && Double.compare(verifiedLr, v.verifiedLr) == 0
                && Double.compare(goodFrom, v.goodFrom) == 0 && Double.compare(goodTo, v.goodTo) == 0
                && openBelow == v.openBelow && openAbove == v.openAbove && Double.compare(seconds, v.seconds) == 0
                && validation.equals(v.validation) && java.util.Objects.equals(search, v.search);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(candidates) * 31 + Arrays.hashCode(validationLosses);
    }

    @Override
    public String toString() {
        return "Verification[" + schedule.id() + ", " + steps + " steps, candidates " + Arrays.toString(candidates)
                + ", losses " + Arrays.toString(validationLosses) + ", verified " + verifiedLr + ", good " + goodFrom
                + " to " + goodTo + "]";
    }
}
