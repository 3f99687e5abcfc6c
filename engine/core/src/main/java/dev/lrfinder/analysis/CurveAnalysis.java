package dev.lrfinder.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * lrfinder's own reading of one range test: smooth the losses, then run every chosen rule.
 *
 * <p>Input handling, all checked before anything is computed:
 * <table>
 *   <caption>Outcomes per kind of bad input</caption>
 *   <tr><th>input</th><th>outcome</th></tr>
 *   <tr><td>null or empty arrays, lengths that differ</td><td>{@link IllegalArgumentException}</td></tr>
 *   <tr><td>an lr that is NaN, infinite, zero or negative</td><td>{@link IllegalArgumentException}</td></tr>
 *   <tr><td>an lr not greater than the one before (including duplicates)</td><td>{@link IllegalArgumentException}</td></tr>
 *   <tr><td>a NaN or infinite loss</td><td>the curve ends just before the first one (a diverged
 *       sweep); the result's notes say so; if no point is left every rule answers "none"</td></tr>
 *   <tr><td>negative losses</td><td>accepted: every rule is invariant to shifting the loss</td></tr>
 *   <tr><td>too few points for a rule</td><td>that rule answers "none" saying how many it needs</td></tr>
 * </table>
 */
public final class CurveAnalysis {

    /** The {@link AnalysisResult#pipeline()} of results made here. */
    public static final String PIPELINE = "native";

    private CurveAnalysis() {
    }

    /** {@link #analyze(double[], double[], AnalysisOptions)} with {@link AnalysisOptions#defaults()}. */
    public static AnalysisResult analyze(double[] lrs, double[] losses) {
        return analyze(lrs, losses, AnalysisOptions.defaults());
    }

    /**
     * Smooths {@code losses} and runs every rule of {@code options}.
     *
     * @param lrs the learning rate of each step: finite, positive, strictly increasing
     * @param losses the raw loss of each step, one per lr
     * @param options the smoothing, rules and parameters
     * @return the analysed curve and one suggestion per rule, in {@link Method} order
     * @throws IllegalArgumentException for the inputs listed in the class documentation
     */
    public static AnalysisResult analyze(double[] lrs, double[] losses, AnalysisOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options is null: pass AnalysisOptions.defaults() for the defaults");
        }
        CurveValidation.check(lrs, losses);
        List<String> notes = new ArrayList<>();
        int kept = CurveValidation.finitePrefix(losses);
        if (kept < losses.length) {
            notes.add("losses[" + kept + "] = " + losses[kept] + " is not finite: the curve is analysed "
                    + (kept == 0 ? "with no points" : "up to lr " + PreparedCurve.fmt(lrs[kept - 1]) + " (index " + (kept - 1) + ")")
                    + " and the remaining " + (losses.length - kept) + " points are ignored");
        }
        double[] keptLrs = Arrays.copyOf(lrs, kept);
        double[] keptLosses = Arrays.copyOf(losses, kept);
        double[] log10Lr = Derivatives.log10(keptLrs);
        double[] smoothed = options.smoothing().smooth(log10Lr, keptLosses);
        PreparedCurve curve = new PreparedCurve(keptLrs, log10Lr, smoothed);
        Map<Method, Suggestion> suggestions = new LinkedHashMap<>();
        for (Method method : options.methods()) {
            suggestions.put(method, SuggestionRules.compute(method, curve, options));
        }
        return new AnalysisResult(PIPELINE, keptLrs, keptLosses, smoothed, suggestions, options.defaultMethod(), notes);
    }
}
