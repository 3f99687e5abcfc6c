package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One rule's answer: a learning rate, or "none".
 *
 * <p>A present suggestion has a finite, positive {@code lr} and the {@code index} (into the
 * analysed curve, which is a prefix of the caller's arrays) of the point the rule is anchored to.
 * The lr may differ from the lr at that index: {@code minimum} and {@code divergence} divide it by
 * 10. An absent suggestion has {@code lr = NaN} and {@code index = -1}, and its {@code reason}
 * says why the rule gave no answer.
 *
 * @param method the rule that answered
 * @param lr the suggested learning rate, or {@code NaN} when none
 * @param index the index of the anchoring curve point, or {@code -1} when none
 * @param reason one line a person can read: how the lr was found, or why there is none
 */
public record Suggestion(Method method, double lr, int index, String reason) {

    public Suggestion {
        Objects.requireNonNull(method, "method must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
        if (index < -1) {
            throw Checks.invalid("index", index, "-1 for none or a point index >= 0");
        }
        if (index == -1 && !Double.isNaN(lr)) {
            throw Checks.invalid("lr", lr, "NaN with index -1 (an absent suggestion)");
        }
        if (index >= 0) {
            Checks.positive("lr", lr);
        }
    }

    /** A present suggestion. */
    public static Suggestion of(Method method, double lr, int index, String reason) {
        return new Suggestion(method, lr, index, reason);
    }

    /** An absent suggestion with the reason why the rule gave no answer. */
    public static Suggestion none(Method method, String reason) {
        return new Suggestion(method, Double.NaN, -1, reason);
    }

    /** Whether the rule gave a learning rate. */
    public boolean isPresent() {
        return index >= 0;
    }

    /** The learning rate, or empty for "none". */
    public OptionalDouble lrIfPresent() {
        return isPresent() ? OptionalDouble.of(lr) : OptionalDouble.empty();
    }
}
