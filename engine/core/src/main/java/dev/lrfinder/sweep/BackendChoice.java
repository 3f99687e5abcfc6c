package dev.lrfinder.sweep;

import java.util.Objects;

/**
 * Which backend a find ran on and why: what was asked for ({@code auto}, {@code djl} or {@code
 * native}), what ran, and the rule that picked it. In the summary and in report.json's {@code
 * backend}.
 *
 * @param requested {@code auto}, {@code djl} or {@code native}, as asked
 * @param chosen {@code djl} or {@code native}
 * @param reason why, in words (for {@code auto}: which part of the rule applied)
 */
public record BackendChoice(String requested, String chosen, String reason) {

    public BackendChoice {
        Objects.requireNonNull(requested, "requested must not be null");
        Objects.requireNonNull(chosen, "chosen must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
    }
}
