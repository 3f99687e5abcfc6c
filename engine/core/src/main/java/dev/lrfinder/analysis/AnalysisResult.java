package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link CurveAnalysis} or a {@link Compat} pipeline made of one range test.
 *
 * <p>{@code lrs}, {@code rawLosses} and {@code smoothedLosses} are the analysed curve: a prefix of
 * the caller's arrays (lrfinder's pipeline stops before the first non-finite loss; the compat
 * pipelines stop where their tool stops). Suggestion indices point into these arrays. The arrays
 * are copied in and out, so the record is immutable; equality of the arrays is by identity, as for
 * any record.
 *
 * @param pipeline {@code lrfinder} ({@link CurveAnalysis#PIPELINE}), {@code consensus}, or the {@link Compat#id()} that produced it
 * @param lrs the learning rates of the analysed points, strictly increasing
 * @param rawLosses the per-step losses as given, for the analysed points
 * @param smoothedLosses the smoothed losses the rules read
 * @param suggestions every rule that ran, in {@link Method} order
 * @param defaultMethod the rule whose answer is the headline
 * @param notes what the pipeline did to the input (truncation, trimming, stops), one line each
 * @param inputPoints how many points the pipeline was given; more than {@code lrs.length} when it
 *     stopped early (a non-finite loss, the divergence stop, a compat tool's own stop)
 */
public record AnalysisResult(String pipeline, double[] lrs, double[] rawLosses, double[] smoothedLosses,
        Map<Method, Suggestion> suggestions, Method defaultMethod, List<String> notes, int inputPoints) {

    public AnalysisResult {
        Objects.requireNonNull(pipeline, "pipeline must not be null");
        Objects.requireNonNull(defaultMethod, "defaultMethod must not be null");
        lrs = lrs.clone();
        rawLosses = rawLosses.clone();
        smoothedLosses = smoothedLosses.clone();
        if (lrs.length != rawLosses.length || lrs.length != smoothedLosses.length) {
            throw Checks.invalid("smoothedLosses and rawLosses", smoothedLosses.length + " and " + rawLosses.length
                    + " points", "as many as lrs (" + lrs.length + ")");
        }
        suggestions = Collections.unmodifiableMap(new LinkedHashMap<>(suggestions));
        if (!suggestions.containsKey(defaultMethod)) {
            throw Checks.invalid("defaultMethod", defaultMethod, "one of the methods in suggestions " + suggestions.keySet());
        }
        notes = List.copyOf(notes);
        if (inputPoints < lrs.length) {
            throw Checks.invalid("inputPoints", inputPoints, "at least the analysed points (" + lrs.length + ")");
        }
    }

    /** A result of a pipeline that kept every point it was given. */
    public AnalysisResult(String pipeline, double[] lrs, double[] rawLosses, double[] smoothedLosses,
            Map<Method, Suggestion> suggestions, Method defaultMethod, List<String> notes) {
        this(pipeline, lrs, rawLosses, smoothedLosses, suggestions, defaultMethod, notes, lrs.length);
    }

    @Override
    public double[] lrs() {
        return lrs.clone();
    }

    @Override
    public double[] rawLosses() {
        return rawLosses.clone();
    }

    @Override
    public double[] smoothedLosses() {
        return smoothedLosses.clone();
    }

    /** The number of analysed points. */
    public int size() {
        return lrs.length;
    }

    /** Whether the pipeline stopped before the last point it was given. */
    public boolean stoppedEarly() {
        return lrs.length < inputPoints;
    }

    /** The suggestion of {@code method}, or "none" saying the method was not run. */
    public Suggestion suggestion(Method method) {
        Suggestion suggestion = suggestions.get(method);
        return suggestion != null ? suggestion : Suggestion.none(method, method.id() + " was not run in this analysis");
    }

    /** The suggestion of the default method. */
    public Suggestion defaultSuggestion() {
        return suggestions.get(defaultMethod);
    }

    // Zero-copy access for the aggregation, which reads thousands of results.
    double[] lrsView() {
        return lrs;
    }

    double[] smoothedView() {
        return smoothedLosses;
    }
}
