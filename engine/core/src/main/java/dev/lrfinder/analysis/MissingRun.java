package dev.lrfinder.analysis;

/**
 * A run that gave no suggestion for a method, with the rule's reason.
 *
 * @param run the index of the run in the list given to {@link RunAggregation#summarize}
 * @param reason why the rule answered "none" on that run
 */
public record MissingRun(int run, String reason) {
}
