package dev.lrfinder.cli;

import dev.lrfinder.analysis.Confidence;
import dev.lrfinder.analysis.Recommendation;
import dev.lrfinder.analysis.Schedule;
import java.util.Locale;

/**
 * The summary's first line: the rate to use, the schedule it is for, how sure, and how it was checked,
 * e.g. {@code Recommended learning rate: 0.212 for a constant learning rate (confidence high)}.
 *
 * @param lr the rate
 * @param target what the rate is for, as the line says it: {@code for a constant learning rate},
 *     {@code as OneCycle's peak (max_lr)}
 * @param confidence how far to trust it
 * @param checkedBy how it was checked, e.g. {@code verified by 5 short fits}; null when it was not
 */
record AnswerLine(double lr, String target, Confidence confidence, String checkedBy) {

    /** The line of a recommendation from the range tests alone. */
    static AnswerLine of(Recommendation rec) {
        return new AnswerLine(rec.lr(), target(rec.schedule()), rec.confidence(), null);
    }

    /** The line with the rate verification found, saying how. */
    AnswerLine verified(double verifiedLr, String how) {
        return new AnswerLine(verifiedLr, target, confidence, how);
    }

    /** What a rate is for, in the line's words. */
    static String target(Schedule schedule) {
        return switch (schedule) {
            case CONSTANT -> "for a constant learning rate";
            case ONE_CYCLE_PEAK -> "as OneCycle's peak (max_lr)";
            case COSINE_START -> "as the start of a cosine decay to 0";
        };
    }

    String text() {
        return "Recommended learning rate: " + Summary.number(lr) + " " + target + " (confidence "
                + confidence.name().toLowerCase(Locale.ROOT) + (checkedBy != null ? ", " + checkedBy : "") + ")";
    }
}
