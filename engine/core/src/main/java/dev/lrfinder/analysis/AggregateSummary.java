package dev.lrfinder.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link RunAggregation#summarize} makes of several runs of the same task.
 *
 * @param runs the number of runs
 * @param methods per method, in {@link Method} order, its statistics across runs
 * @param recommendation the recommended lr with its confidence and reasoning
 * @param consensus the consensus curve and its suggestions
 */
public record AggregateSummary(int runs, Map<Method, MethodStatistics> methods, Recommendation recommendation,
        ConsensusCurve consensus) {

    public AggregateSummary {
        methods = Collections.unmodifiableMap(new LinkedHashMap<>(methods));
    }

    /** The statistics of one method, or null if it was not summarised. */
    public MethodStatistics statistics(Method method) {
        return methods.get(method);
    }
}
