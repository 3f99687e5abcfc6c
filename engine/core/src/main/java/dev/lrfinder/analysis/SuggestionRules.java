package dev.lrfinder.analysis;

import static dev.lrfinder.analysis.PreparedCurve.argmin;
import static dev.lrfinder.analysis.PreparedCurve.fmt;

/**
 * The native suggestion rules on a validated, smoothed curve. Each returns a suggestion whose lr is
 * finite and inside [lrMin, lrMax], or "none" with its reason: {@link #compute} enforces it.
 *
 * <p>Where lrfinder's rule departs from the tool it comes from, the departure is a case in which
 * the tool answers with an lr that no reading of the curve supports; lrfinder says "none" instead:
 * <ul>
 *   <li>{@code minimum}, {@code divergence}: none when a tenth of the lr falls below lrMin.</li>
 *   <li>{@code steep}, {@code steepest}, {@code valley}: none when the smoothed loss never decreases
 *       (fastai would answer the first lr).</li>
 *   <li>{@code valley}: fastai's index -1 (a longest valley of 2 points ending at index 1), which
 *       Python wraps to the last, most divergent lr, becomes index 0, the valley's first point.</li>
 *   <li>{@code slide}: none when the walk reaches lrMin without the gradients agreeing (fastai
 *       answers lrMin) and when there are fewer than window + 1 points (fastai raises IndexError).</li>
 * </ul>
 */
final class SuggestionRules {

    private static final double LN_10 = Math.log(10);

    private SuggestionRules() {
    }

    static Suggestion compute(Method method, PreparedCurve curve, AnalysisOptions options) {
        Suggestion suggestion = switch (method) {
            case MINIMUM -> minimum(curve);
            case STEEP -> steep(curve);
            case VALLEY -> valley(curve);
            case SLIDE -> slide(curve, options);
            case SLIDE_RELATIVE -> slideRelative(curve, options);
            case STEEPEST -> steepest(curve, options);
            case DIVERGENCE -> divergence(curve, options);
        };
        if (suggestion.isPresent()) {
            double lrMin = curve.lrs[0];
            double lrMax = curve.lrs[curve.size() - 1];
            if (!(suggestion.lr() >= lrMin && suggestion.lr() <= lrMax)) {
                return Suggestion.none(method, "the rule's lr " + fmt(suggestion.lr()) + " lies outside the swept range ["
                        + fmt(lrMin) + ", " + fmt(lrMax) + "]");
            }
        }
        return suggestion;
    }

    static Suggestion minimum(PreparedCurve curve) {
        int n = curve.size();
        if (n == 0) {
            return Suggestion.none(Method.MINIMUM, "no finite loss to take the minimum of");
        }
        int m = argmin(curve.loss, 0, n);
        double lrAtMin = curve.lrs[m];
        if (lrAtMin / 10 < curve.lrs[0]) {
            return Suggestion.none(Method.MINIMUM, "the smoothed loss is lowest at lr " + fmt(lrAtMin)
                    + ", less than 10 x lrMin = " + fmt(10 * curve.lrs[0])
                    + ": a tenth of it lies below the swept range; start the sweep lower");
        }
        String atEnd = m == n - 1 ? " (the last point: the loss may fall further beyond lrMax)" : "";
        return Suggestion.of(Method.MINIMUM, lrAtMin / 10, m, "the smoothed loss is lowest (" + fmt(curve.loss[m])
                + ") at lr " + fmt(lrAtMin) + atEnd + "; a tenth of that");
    }

    static Suggestion steep(PreparedCurve curve) {
        int n = curve.size();
        if (n < 2) {
            return Suggestion.none(Method.STEEP, "steep needs at least 2 points, got " + n);
        }
        int best = -1;
        double bestSlope = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n - 1; i++) {
            double slope = (curve.loss[i + 1] - curve.loss[i]) / ((curve.log10Lr[i + 1] - curve.log10Lr[i]) * LN_10);
            if (slope < bestSlope) {
                bestSlope = slope;
                best = i;
            }
        }
        if (!(bestSlope < 0)) {
            return Suggestion.none(Method.STEEP, "the smoothed loss never decreases: no descending segment");
        }
        return Suggestion.of(Method.STEEP, curve.lrs[best], best, "the steepest descending segment (d loss/d ln lr = "
                + fmt(bestSlope) + ") runs from lr " + fmt(curve.lrs[best]) + " to " + fmt(curve.lrs[best + 1]));
    }

    static Suggestion valley(PreparedCurve curve) {
        int n = curve.size();
        if (n < 2) {
            return Suggestion.none(Method.VALLEY, "valley needs at least 2 points, got " + n);
        }
        int[] found = Valley.longestDecreasing(curve.loss);
        int length = found[0];
        int end = found[1];
        if (length < 2) {
            return Suggestion.none(Method.VALLEY, "the smoothed loss never decreases: no valley");
        }
        int index = Valley.fastaiIndex(length, end);
        String clamp = "";
        if (index < 0) {
            index = 0;
            clamp = " (fastai's index -1, which Python wraps to the last lr, is taken as the first point)";
        }
        return Suggestion.of(Method.VALLEY, curve.lrs[index], index, "the longest decreasing stretch has " + length
                + " points and ends at lr " + fmt(curve.lrs[end]) + "; about half-way into it is lr "
                + fmt(curve.lrs[index]) + clamp);
    }

    static Suggestion slide(PreparedCurve curve, AnalysisOptions options) {
        int window = options.slideWindow();
        int n = curve.size();
        if (n < window + 1) {
            return Suggestion.none(Method.SLIDE, "slide needs at least window + 1 = " + (window + 1) + " points, got " + n);
        }
        double threshold = options.slideThreshold();
        int answer = walk(curve.gradientIndex(), window, threshold);
        if (answer < 0) {
            return Suggestion.none(Method.SLIDE, "gradients " + window + " points apart never agree within "
                    + fmt(threshold) + " loss/step down to lrMin: the threshold does not fit this loss scale (try "
                    + Method.SLIDE_RELATIVE.id() + ")");
        }
        double lr = curve.lrs[answer] * options.slideAdjust();
        return Suggestion.of(Method.SLIDE, lr, answer, "walking left from lrMax, the gradients " + window
                + " points apart first agree within " + fmt(threshold) + " loss/step just left of lr " + fmt(curve.lrs[answer])
                + (options.slideAdjust() == 1.0 ? "" : "; times " + fmt(options.slideAdjust())));
    }

    static Suggestion slideRelative(PreparedCurve curve, AnalysisOptions options) {
        int window = options.slideWindow();
        int n = curve.size();
        if (n < window + 1) {
            return Suggestion.none(Method.SLIDE_RELATIVE, "slide-relative needs at least window + 1 = " + (window + 1)
                    + " points, got " + n);
        }
        int m = argmin(curve.loss, 0, n);
        double drop = max(curve.loss, 0, m + 1) - curve.loss[m];
        if (!(drop > 0)) {
            return Suggestion.none(Method.SLIDE_RELATIVE, "the smoothed loss never falls: no drop to scale the threshold by");
        }
        double threshold = options.slideRelativeThreshold() * drop;
        int answer = walk(curve.gradientLog10(), window, threshold);
        if (answer < 0) {
            return Suggestion.none(Method.SLIDE_RELATIVE, "slopes " + window + " points apart never agree within "
                    + fmt(options.slideRelativeThreshold()) + " of the loss drop per decade down to lrMin");
        }
        return Suggestion.of(Method.SLIDE_RELATIVE, curve.lrs[answer], answer, "walking left from lrMax, the slopes "
                + window + " points apart first agree within " + fmt(options.slideRelativeThreshold())
                + " x the loss drop (" + fmt(drop) + ") per decade just left of lr " + fmt(curve.lrs[answer]));
    }

    /**
     * fastai's slide walk: right end r from the last point, left end l = r - window, moving both left
     * while |g[r] - g[l]| > threshold. Returns l + 1 at the stop, or l when it never moved (never right
     * of n - 1 - window), or -1 when l ran past the first point.
     */
    static int walk(double[] gradient, int window, double threshold) {
        int right = gradient.length - 1;
        int left = right - window;
        int answer = left;
        while (left >= 0 && Math.abs(gradient[right] - gradient[left]) > threshold) {
            answer = left;
            right--;
            left--;
        }
        return left < 0 ? -1 : answer;
    }

    static Suggestion steepest(PreparedCurve curve, AnalysisOptions options) {
        int n = curve.size();
        int from = options.steepestSkipStart();
        int to = n - options.steepestSkipEnd();
        if (n < 2 || to - from < 1) {
            return Suggestion.none(Method.STEEPEST, "steepest skips " + from + " points at the start and "
                    + options.steepestSkipEnd() + " at the end, so it needs at least " + Math.max(2, from + options.steepestSkipEnd() + 1)
                    + " points, got " + n);
        }
        // The gradient is taken on the whole curve, so the skipped points still serve as neighbours.
        double[] gradient = curve.gradientLog10();
        int i = argmin(gradient, from, to);
        if (!(gradient[i] < 0)) {
            return Suggestion.none(Method.STEEPEST, "the smoothed loss never decreases between lr " + fmt(curve.lrs[from])
                    + " and " + fmt(curve.lrs[to - 1]));
        }
        return Suggestion.of(Method.STEEPEST, curve.lrs[i], i, "the loss falls fastest (" + fmt(gradient[i])
                + " per decade) at lr " + fmt(curve.lrs[i]));
    }

    /**
     * A tenth of the lr where the smoothed loss turns up for good. "For good" is robust to ripple on
     * the floor of the curve: with m the minimum and drop the fall from the highest point before it,
     * the turn is the last point t >= m still within {@code tolerance * drop} of the minimum; every
     * later point is above that band, so the loss never comes back. The rule is invariant to shifting
     * and scaling the loss, so negative losses are fine.
     */
    static Suggestion divergence(PreparedCurve curve, AnalysisOptions options) {
        int n = curve.size();
        if (n < 3) {
            return Suggestion.none(Method.DIVERGENCE, "divergence needs at least 3 points, got " + n);
        }
        int m = argmin(curve.loss, 0, n);
        double drop = max(curve.loss, 0, m + 1) - curve.loss[m];
        if (!(drop > 0)) {
            return Suggestion.none(Method.DIVERGENCE, "the smoothed loss never falls below its first value: "
                    + "the sweep starts where the loss already rises; start it lower");
        }
        double floor = curve.loss[m] + options.divergenceTolerance() * drop;
        int turn = m;
        for (int i = n - 1; i > m; i--) {
            if (curve.loss[i] <= floor) {
                turn = i;
                break;
            }
        }
        if (turn == n - 1) {
            return Suggestion.none(Method.DIVERGENCE, "the smoothed loss is still within " + fmt(options.divergenceTolerance())
                    + " of its drop from the minimum at lrMax: it does not turn up for good in this sweep");
        }
        double lr = curve.lrs[turn] / 10;
        if (lr < curve.lrs[0]) {
            return Suggestion.none(Method.DIVERGENCE, "the loss turns up at lr " + fmt(curve.lrs[turn])
                    + ", less than 10 x lrMin: a tenth of it lies below the swept range; start the sweep lower");
        }
        return Suggestion.of(Method.DIVERGENCE, lr, turn, "the smoothed loss leaves its floor (minimum " + fmt(curve.loss[m])
                + " + " + fmt(options.divergenceTolerance()) + " x drop " + fmt(drop) + ") for good after lr "
                + fmt(curve.lrs[turn]) + "; a tenth of that");
    }

    private static double max(double[] values, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }
}
