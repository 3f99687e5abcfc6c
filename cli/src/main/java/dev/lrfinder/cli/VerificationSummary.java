package dev.lrfinder.cli;

import static dev.lrfinder.cli.Summary.lr;

import dev.lrfinder.analysis.CurveRegions;
import dev.lrfinder.analysis.SearchTrail;
import dev.lrfinder.analysis.Verification;
import dev.lrfinder.report.HeadlineCurve;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;

/**
 * The summary's block for the verification: each fit of the search with its validation loss, the
 * verified rate, the range that trains within 10% of the best, the horizon and what the fits cost.
 */
final class VerificationSummary {
    private VerificationSummary() {}

    /** The block; {@code wrapped} prints a sentence wrapped to the summary's width. */
    static void print(PrintWriter out, Verification v, java.util.function.Consumer<String> wrapped) {
        Optional<SearchTrail> trail = v.trail();
        if (trail.isPresent() && trail.get().fits().isEmpty()) {
            return; // unverified: the answer's lines said why
        }
        if (trail.isPresent()) {
            SearchTrail t = trail.get();
            wrapped.accept(String.format(Locale.ROOT, "Verified by %s under %s, scored on %s:", fitsText(v),
                    v.schedule().description(), v.validation()));
            out.println("lr             steps  stage    val loss");
            for (SearchTrail.Fit f : t.fits()) {
                boolean best = f.steps() == v.steps() && v.isPresent() && f.lr() == v.candidates()[v.bestIndex()];
                out.printf(Locale.ROOT, "%-14s %5d  %-7s  %s%s%n", lr(f.lr()), f.steps(), f.stage(),
                        Double.isFinite(f.validationLoss()) ? Summary.number(f.validationLoss()) : "diverged",
                        best ? "  best" : "");
            }
        } else {
            out.printf(Locale.ROOT, "Verified by %d fits of %d steps under %s, scored on %s (%s s):%n",
                    v.candidates().length, v.steps(), v.schedule().description(), v.validation(), Summary.number(v.seconds()));
            out.println("candidate lr   val loss");
            for (int i = 0; i < v.candidates().length; i++) {
                double loss = v.validationLosses()[i];
                out.printf(Locale.ROOT, "%-14s %s%s%n", lr(v.candidates()[i]),
                        Double.isFinite(loss) ? Summary.number(loss) : "diverged", i == v.bestIndex() ? "  best" : "");
            }
        }
        if (!v.isPresent()) {
            out.println(trail.map(SearchTrail::unverifiedWhy).filter(w -> w != null).map(w -> "Not verified: " + w + ".")
                    .orElse("Every verification fit diverged: the recommendation is too high for this schedule; sweep and"
                            + " verify lower rates."));
            return;
        }
        wrapped.accept(goodRangeLine(v));
        trail.ifPresent(t -> wrapped.accept("Horizon: " + t.horizon() + "."));
    }

    /** "14 fits, 1,050 optimizer steps". */
    static String fitsText(Verification v) {
        return v.trail().map(t -> String.format(Locale.ROOT, "%d fits, %,d optimizer steps", t.fits().size(), t.stepsSpent()))
                .orElse(v.candidates().length + " fits of " + v.steps() + " steps");
    }

    /** What the search cost and what horizon its answer is for, in one sentence. */
    static Optional<String> costLine(Verification v) {
        return v.trail().map(t -> String.format(Locale.ROOT, "Verification: %d fits, %,d optimizer steps of a %,d-step"
                + " budget, %s s; the final fits ran %d steps for a training of %d (%s).", t.fits().size(),
                t.stepsSpent(), t.budgetSteps(), Summary.number(v.seconds()), v.steps(), t.trainSteps(),
                t.horizonShiftDecades() != 0 ? "horizon corrected x" + Summary.number(Math.pow(10, t.horizonShiftDecades()))
                        : v.steps() >= t.trainSteps() ? "its whole length" : "not corrected: see Horizon below"));
    }

    /**
     * Why a verified rate inside the range test's divergence region is not a contradiction, when it
     * is there; empty otherwise.
     */
    static Optional<String> divergenceNote(double verifiedLr, HeadlineCurve headline) {
        CurveRegions r = headline.regions();
        if (!r.diverges() || r.turnUp() < 0 || r.turnUp() >= headline.size() || !(verifiedLr >= headline.lr(r.turnUp()))) {
            return Optional.empty();
        }
        return Optional.of("The verified rate lies where the range test's loss had already turned up (from "
                + lr(headline.lr(r.turnUp())) + "): no contradiction. The range test reaches each rate after rising"
                + " through all lower ones, on weights the climb has already pushed hard; a training that starts at"
                + " its rate, or anneals from it, tolerates rates such a sweep cannot. The fits measured it.");
    }

    /** "Verified rate: 0.0412; good range: any lr in 0.0180-0.0620 trains within 10% of the best." */
    static String goodRangeLine(Verification v) {
        return "Verified rate: " + lr(v.verifiedLr()) + "; " + range(v) + ".";
    }

    /** "any lr in 0.0180-0.0620 trains within 10% of the best", with the open ends said. */
    static String range(Verification v) {
        Optional<SearchTrail> t = v.trail();
        String below = t.map(SearchTrail::openBelowWhy).map(VerificationSummary::why).orElse("");
        String above = t.map(SearchTrail::openAboveWhy).map(VerificationSummary::why).orElse("");
        String open = t.isPresent()
                ? (v.openBelow() ? " (it may go lower: " + below + ")" : "") + (v.openAbove() ? " (it may go higher: "
                        + above + ")" : "")
                : v.openBelow() && v.openAbove() ? " (it runs past both ends of the grid)"
                : v.openBelow() ? " (it may go lower: the lowest candidate is within it)"
                : v.openAbove() ? " (it may go higher: the highest candidate is within it)" : "";
        String steps = t.map(s -> " at " + s.goodRangeSteps() + "-step fits").orElse("");
        return "good range: any lr in " + lr(v.goodFrom()) + "-" + lr(v.goodTo()) + " trains within "
                + Math.round(Verification.GOOD_RANGE_TOLERANCE * 100) + "% of the best" + steps + open;
    }

    private static String why(String code) {
        return switch (code) {
            case "lr-max" -> "the search reached the sweep's lr-max";
            case "lr-min" -> "the search reached the sweep's lr-min";
            case "budget" -> "the budget ran out first (--verify-budget)";
            default -> code;
        };
    }
}
