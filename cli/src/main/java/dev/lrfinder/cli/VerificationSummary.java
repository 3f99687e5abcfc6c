package dev.lrfinder.cli;

import static dev.lrfinder.cli.Summary.lr;

import dev.lrfinder.analysis.Verification;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The summary's block for {@code --verify}: each candidate's validation loss, the verified rate, the
 * range that trains within 10% of the best, and what the fits cost.
 */
final class VerificationSummary {
    private VerificationSummary() {}

    static void print(PrintWriter out, Verification v) {
        out.printf(Locale.ROOT, "Verified by %d fits of %d steps under %s, scored on %s (%s s):%n",
                v.candidates().length, v.steps(), v.schedule().description(), v.validation(), Summary.number(v.seconds()));
        out.println("candidate lr   val loss");
        for (int i = 0; i < v.candidates().length; i++) {
            double loss = v.validationLosses()[i];
            out.printf(Locale.ROOT, "%-14s %s%s%n", lr(v.candidates()[i]),
                    Double.isFinite(loss) ? Summary.number(loss) : "diverged",
                    i == v.bestIndex() ? "  best" : "");
        }
        if (!v.isPresent()) {
            out.println("Every verification fit diverged: the recommendation is too high for this schedule; sweep and"
                    + " verify lower rates.");
            return;
        }
        out.println(goodRangeLine(v));
    }

    /** "Verified rate: 0.0412; any lr in 0.0180-0.0620 trains within 10% of the best." */
    static String goodRangeLine(Verification v) {
        return "Verified rate: " + lr(v.verifiedLr()) + "; " + range(v) + ".";
    }

    /** "any lr in 0.0180-0.0620 trains within 10% of the best", with the open ends said. */
    static String range(Verification v) {
        String open = v.openBelow() && v.openAbove() ? " (it runs past both ends of the grid)"
                : v.openBelow() ? " (it may go lower: the lowest candidate is within it)"
                : v.openAbove() ? " (it may go higher: the highest candidate is within it)" : "";
        return "good range: any lr in " + lr(v.goodFrom()) + "-" + lr(v.goodTo()) + " trains within "
                + Math.round(Verification.GOOD_RANGE_TOLERANCE * 100) + "% of the best" + open;
    }
}
