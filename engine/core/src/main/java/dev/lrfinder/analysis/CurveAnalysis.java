package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.StopReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * lrfinder's own reading of one range test: stop the curve where the sweep would have stopped,
 * smooth the losses, then run every chosen rule.
 *
 * <p>Input handling, all checked before anything is computed:
 * <table>
 *   <caption>Outcomes per kind of bad input</caption>
 *   <tr><th>input</th><th>outcome</th></tr>
 *   <tr><td>null or empty arrays, lengths that differ</td><td>{@link IllegalArgumentException}</td></tr>
 *   <tr><td>an lr that is NaN, infinite, zero, negative or below {@link #MIN_LR}</td>
 *       <td>{@link IllegalArgumentException}</td></tr>
 *   <tr><td>an lr not greater than the one before (including duplicates), or so close to it that
 *       both have the same log10</td><td>{@link IllegalArgumentException}</td></tr>
 *   <tr><td>a loss that blows up</td><td>the curve ends at the step where
 *       {@link AnalysisOptions#divergence()} (by default the sweep's own rule) stops a sweep, that
 *       step included, as a sweep records it; the result's notes say where</td></tr>
 *   <tr><td>a NaN or infinite loss</td><td>the curve ends just before the first one (a diverged
 *       sweep); the result's notes say so; if no point is left every rule answers "none"</td></tr>
 *   <tr><td>a loss that turns up for good (explodes, or collapses to chance level) and was recorded on
 *       </td><td>the rules read the smoothed curve only up to where it has climbed back
 *       {@link #TURN_UP_SHARE} of its drop; the result keeps the whole curve, and its notes say where</td></tr>
 *   <tr><td>negative losses</td><td>accepted: every rule is invariant to shifting the loss</td></tr>
 *   <tr><td>fewer than {@link #MIN_POINTS} points left</td><td>every rule answers "none" saying why</td></tr>
 *   <tr><td>too few points for a rule</td><td>that rule answers "none" saying how many it needs</td></tr>
 * </table>
 */
public final class CurveAnalysis {

    /** The {@link AnalysisResult#pipeline()} of results made here: lrfinder's own rules. */
    public static final String PIPELINE = "lrfinder";

    /**
     * The fewest points any rule answers from: a curve must show where the loss is flat, where it
     * falls and where it turns up, a point each at the least. Two points are a line, and any rule's
     * answer from them would be one of the two rates the sweep happened to start and stop at.
     */
    public static final int MIN_POINTS = 3;

    /**
     * The smallest learning rate accepted: the smallest normal double, 2.2e-308. Below it doubles
     * are subnormal, with fewer significant bits the smaller they get (4.9e-324 has one), so a
     * log-spaced grid of such rates rounds onto repeated values and a tenth of one is 0. No optimizer
     * can apply such a rate anyway (float32, which DJL's optimizers use, ends at 1.2e-38).
     */
    public static final double MIN_LR = Double.MIN_NORMAL;

    /**
     * Where the rules stop reading: at the first point past the smoothed minimum that lies more than
     * this share of the drop (from the highest point before the minimum) above it, that point included.
     * A loss that has climbed back half its fall has turned up for good, whether it explodes or
     * collapses to chance level, and what follows (a collapsed network's loss falling back from a
     * spike, a plateau at chance) says nothing about the rates that train; without the cut {@code
     * steep} answered on such a fall, ten times past where the loss turned up. 0.5 lies far above the
     * floor's ripple ({@link AnalysisOptions#DEFAULT_DIVERGENCE_TOLERANCE}, 0.05), so {@code
     * divergence} still sees the turn it reads.
     */
    public static final double TURN_UP_SHARE = 0.5;

    private CurveAnalysis() {
    }

    /**
     * How many points of {@code smoothed} the rules read: through the first point after the minimum
     * more than {@link #TURN_UP_SHARE} of the drop above it, else all of them.
     */
    static int readTo(double[] smoothed) {
        int n = smoothed.length;
        if (n < 3) {
            return n;
        }
        int m = PreparedCurve.argmin(smoothed, 0, n);
        double top = smoothed[0];
        for (int i = 1; i <= m; i++) {
            top = Math.max(top, smoothed[i]);
        }
        double drop = top - smoothed[m];
        if (!(drop > 0)) {
            return n;
        }
        double limit = smoothed[m] + TURN_UP_SHARE * drop;
        for (int i = m + 1; i < n; i++) {
            if (smoothed[i] > limit) {
                return i + 1;
            }
        }
        return n;
    }

    /** {@link #analyze(double[], double[], AnalysisOptions)} with {@link AnalysisOptions#defaults()}. */
    public static AnalysisResult analyze(double[] lrs, double[] losses) {
        return analyze(lrs, losses, AnalysisOptions.defaults());
    }

    /**
     * Smooths {@code losses} and runs every rule of {@code options} on the smoothed curve up to where
     * it turns up for good ({@link #TURN_UP_SHARE}); the result keeps the whole curve for drawing.
     *
     * @param lrs the learning rate of each step: finite, positive, strictly increasing
     * @param losses the raw loss of each step, one per lr
     * @param options the smoothing, rules and parameters
     * @return the analysed curve and one suggestion per rule, in {@link Method} order
     * @throws IllegalArgumentException for the inputs listed in the class documentation
     */
    public static AnalysisResult analyze(double[] lrs, double[] losses, AnalysisOptions options) {
        if (options == null) {
            throw Checks.invalid("options", null, "AnalysisOptions (AnalysisOptions.defaults() for the defaults)");
        }
        CurveValidation.check(lrs, losses);
        List<String> notes = new ArrayList<>();
        int kept = stop(lrs, losses, options.divergence(), notes);
        double[] keptLrs = Arrays.copyOf(lrs, kept);
        double[] keptLosses = Arrays.copyOf(losses, kept);
        double[] log10Lr = Derivatives.log10(keptLrs);
        double[] smoothed = options.smoothing().smooth(log10Lr, keptLosses);
        int read = readTo(smoothed);
        if (read < kept) {
            notes.add("the smoothed loss turns up for good after its minimum: past lr " + PreparedCurve.fmt(keptLrs[read - 1])
                    + " (index " + (read - 1) + ") it is more than " + PreparedCurve.fmt(TURN_UP_SHARE)
                    + " of its drop above the minimum, so the rules read the curve up to there and not the remaining "
                    + (kept - read) + " points (a collapse or a blow-up)");
        }
        PreparedCurve curve = new PreparedCurve(Arrays.copyOf(keptLrs, read), Arrays.copyOf(log10Lr, read),
                Arrays.copyOf(smoothed, read));
        Map<Method, Suggestion> suggestions = new LinkedHashMap<>();
        String tooShort = kept < MIN_POINTS ? tooShort(lrs, losses, kept) : null;
        for (Method method : options.methods()) {
            suggestions.put(method, tooShort != null ? Suggestion.none(method, tooShort)
                    : SuggestionRules.compute(method, curve, options));
        }
        return new AnalysisResult(PIPELINE, keptLrs, keptLosses, smoothed, suggestions, options.defaultMethod(), notes,
                lrs.length);
    }

    /**
     * How many points a sweep stopped by {@code rule} would have recorded: through the step where
     * the loss diverged, or up to the first non-finite loss, which is left out. Says where in
     * {@code notes}.
     */
    private static int stop(double[] lrs, double[] losses, DivergenceRule rule, List<String> notes) {
        DivergenceRule.Monitor monitor = rule.newMonitor();
        for (int i = 0; i < losses.length; i++) {
            StopReason reason = monitor.observe(losses[i]);
            if (reason == StopReason.NON_FINITE) {
                notes.add("losses[" + i + "] = " + losses[i] + " is not finite: the curve is analysed "
                        + (i == 0 ? "with no points" : "up to lr " + PreparedCurve.fmt(lrs[i - 1]) + " (index " + (i - 1) + ")")
                        + " and the remaining " + (losses.length - i) + " points are ignored");
                return i;
            }
            if (reason != null && i + 1 < losses.length) {
                notes.add("the divergence stop (" + rule.id() + "x, as a sweep stops) cut the curve at lr "
                        + PreparedCurve.fmt(lrs[i]) + " (index " + i + "), where the smoothed loss passed " + rule.id()
                        + "x its best: the curve is analysed up to there and the remaining " + (losses.length - i - 1)
                        + " points are ignored");
                return i + 1;
            }
            if (reason != null) {
                return i + 1;
            }
        }
        return losses.length;
    }

    /**
     * Why no rule answers from the {@code kept} points: a non-finite loss or the divergence stop cut
     * the curve there, or it is that short.
     */
    private static String tooShort(double[] lrs, double[] losses, int kept) {
        String points = kept == 0 ? "no points" : kept == 1 ? "1 point" : kept + " points";
        String few = "too few to show where the loss is flat, falls and turns up (at least " + MIN_POINTS + ")";
        if (kept < losses.length && !Double.isFinite(losses[kept])) {
            return "the loss was " + (Double.isNaN(losses[kept]) ? "NaN" : String.valueOf(losses[kept])) + " from step "
                    + kept + " (lr " + PreparedCurve.fmt(lrs[kept]) + "): " + points + " before it, " + few;
        }
        if (kept < losses.length) {
            return "the divergence stop cut the curve at step " + (kept - 1) + " (lr " + PreparedCurve.fmt(lrs[kept - 1])
                    + "): " + points + ", " + few;
        }
        return "the curve has " + points + ", " + few;
    }
}
