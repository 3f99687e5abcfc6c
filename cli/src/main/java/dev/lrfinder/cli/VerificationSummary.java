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
        out.printf(Locale.ROOT, "Verified by %d fits of %d steps under %s, scored on %s (%.1f s):%n",
                v.candidates().length, v.steps(), v.schedule().description(), v.validation(), v.seconds());
        out.println("candidate lr   val loss");
        for (int i = 0; i < v.candidates().length; i++) {
            double loss = v.validationLosses()[i];
            out.printf(Locale.ROOT, "%-14s %s%s%n", lr(v.candidates()[i]),
                    Double.isFinite(loss) ? String.format(Locale.ROOT, "%.4g", loss) : "diverged",
                    i == v.bestIndex() ? "  best" : "");
        }
        if (!v.isPresent()) {
            out.println("Every verification fit diverged: the recommendation is too high for this schedule; sweep and"
                    + " verify lower rates.");
            return;
        }
        out.println(goodRangeLine(v));
    }

    /** "Verified rate: 0.0412; any lr in 0.018-0.062 trains within 10% of the best." with the open ends said. */
    static String goodRangeLine(Verification v) {
        String range = lr(v.goodFrom()) + "-" + lr(v.goodTo());
        String open = v.openBelow() && v.openAbove() ? " (it runs past both ends of the grid)"
                : v.openBelow() ? " (it may go lower: the lowest candidate is within it)"
                : v.openAbove() ? " (it may go higher: the highest candidate is within it)" : "";
        return "Verified rate: " + lr(v.verifiedLr()) + "; any lr in " + range + " trains within "
                + Math.round(Verification.GOOD_RANGE_TOLERANCE * 100) + "% of the best" + open + ".";
    }
}
