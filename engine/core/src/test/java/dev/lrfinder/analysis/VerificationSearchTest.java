package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.sweep.TrainingSchedule;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

class VerificationSearchTest {

    /** A validation loss whose log is a parabola in log10 rate, lowest at {@code best(steps)}. */
    private static VerificationSearch.Fits bowl(DoubleBinaryOperator bestAt, double divergesAbove) {
        return (lrs, steps) -> {
            double[] losses = new double[lrs.length];
            for (int i = 0; i < lrs.length; i++) {
                double x = Math.log10(lrs[i]) - Math.log10(bestAt.applyAsDouble(lrs[i], steps));
                losses[i] = lrs[i] > divergesAbove ? Double.POSITIVE_INFINITY : Math.exp(0.1 + 0.3 * x * x);
            }
            return losses;
        };
    }

    private static VerificationSearch.Builder search(VerificationSearch.Fits fits, int budget, int trainSteps) {
        return VerificationSearch.builder().setFits(fits).setSchedule(TrainingSchedule.CONSTANT).setBudgetSteps(budget)
                .optTrainSteps(trainSteps).optLrBounds(1e-6, 10);
    }

    @Test
    void aBestPastTheBracketsEdgeIsFollowedAndFound() {
        // The range tests said 1e-3 (a scan from 1e-4 to 1e-2), the fits train best at 0.3.
        Verification v = search(bowl((lr, s) -> 0.3, 5), 1200, 200).build().search(1e-3, 8e-4, 1.2e-3);
        assertTrue(v.isPresent());
        assertEquals(Math.log10(0.3), Math.log10(v.verifiedLr()), 0.15, "verified " + v.verifiedLr());
        SearchTrail t = v.trail().orElseThrow();
        assertTrue(t.fits().stream().anyMatch(f -> f.stage().equals("extend")));
        assertTrue(v.goodFrom() < 0.3 && v.goodTo() > 0.3, v.goodFrom() + " " + v.goodTo());
        assertFalse(v.openAbove()); // the loss turned up past 0.3 within the budget
    }

    @Test
    void theFitsSpendAtMostTheBudgetAndTheFinalOnesRunTheHorizon() {
        Verification v = search(bowl((lr, s) -> 0.02, 5), 1200, 200).build().search(0.01, 0.005, 0.03);
        SearchTrail t = v.trail().orElseThrow();
        assertTrue(t.stepsSpent() <= 1200, "spent " + t.stepsSpent());
        assertEquals(t.stepsSpent(), t.fits().stream().mapToInt(SearchTrail.Fit::steps).sum());
        assertEquals(200, v.steps());
        assertTrue(t.fits().stream().filter(f -> f.stage().equals("final")).allMatch(f -> f.steps() == 200));
        assertTrue(t.fits().stream().filter(f -> !f.stage().equals("final")).allMatch(f -> f.steps() < 200));
        assertEquals(0, t.horizonShiftDecades());
        assertEquals(Math.log10(0.02), Math.log10(v.verifiedLr()), 0.05);
    }

    @Test
    void aLongFitsBestFarBelowTheShortFitsIsFollowedPastTheirEdge() {
        // Overfitting: the best rate falls a decade per decade of steps, 0.015 at the 66-step fits,
        // ten times lower at 660. The final fits start a scan spacing around the short best and
        // follow their edge down with the step the budget keeps for it.
        DoubleBinaryOperator best = (lr, steps) -> 0.1 * Math.pow(steps / 10.0, -1);
        Verification v = search(bowl(best, 5), 1200, 300).build().search(0.03, 0.02, 0.05);
        SearchTrail t = v.trail().orElseThrow();
        assertTrue(t.stepsSpent() <= 1200, "spent " + t.stepsSpent());
        assertTrue(t.fits().stream().filter(f -> f.stage().equals("final")).count() > 3, t.fits().toString());
        double truth = best.applyAsDouble(0, 300);
        assertEquals(Math.log10(truth), Math.log10(v.verifiedLr()), 0.1, "verified " + v.verifiedLr() + " " + t.fits());
    }

    @Test
    void theAnswerKeepsAQuarterDecadeBelowTheLowestRateThatDiverged() {
        // Trains best at 0.1; the short fits diverge above 0.1, the long ones do not: the long fits'
        // vertex (near 0.1) is held a quarter decade below the lowest diverged fit.
        VerificationSearch.Fits bowl = bowl((lr, s) -> 0.1, Double.POSITIVE_INFINITY);
        VerificationSearch.Fits fits = (lrs, steps) -> {
            double[] losses = bowl.fit(lrs, steps);
            for (int i = 0; i < lrs.length; i++) {
                losses[i] = steps < 100 && lrs[i] > 0.1 ? Double.POSITIVE_INFINITY : losses[i];
            }
            return losses;
        };
        Verification v = search(fits, 1200, 200).build().search(0.02, 0.01, 0.03);
        SearchTrail t = v.trail().orElseThrow();
        double diverged = t.fits().stream().filter(f -> !Double.isFinite(f.validationLoss()))
                .mapToDouble(SearchTrail.Fit::lr).min().orElseThrow();
        assertTrue(t.fitBestLr() > diverged / Math.pow(10, 0.25), "fits' best " + t.fitBestLr() + " " + t.fits());
        assertEquals(Math.log10(diverged) - 0.25, Math.log10(v.verifiedLr()), 1e-9, "verified " + v.verifiedLr());
        assertTrue(t.horizon().contains("where a fit diverged"), t.horizon());
    }

    @Test
    void aDivergedLongFitRightAboveTheLongBestMovesTheAnswerHalfwayDown() {
        // Long fits diverge from 0.05 up, short ones only from 0.5; both train best near 0.04: the
        // long fits' best has a diverged neighbour above, and the answer is halfway to the one below.
        VerificationSearch.Fits bowl = bowl((lr, s) -> 0.04, Double.POSITIVE_INFINITY);
        VerificationSearch.Fits fits = (lrs, steps) -> {
            double[] losses = bowl.fit(lrs, steps);
            for (int i = 0; i < lrs.length; i++) {
                losses[i] = lrs[i] > (steps >= 100 ? 0.05 : 0.5) ? Double.POSITIVE_INFINITY : losses[i];
            }
            return losses;
        };
        Verification v = search(fits, 1200, 200).build().search(0.03, 0.02, 0.05);
        double[] rates = v.candidates();
        int b = v.bestIndex();
        assertFalse(Double.isFinite(v.validationLosses()[b + 1]), v.toString());
        double halfway = Math.log10(rates[b]) - (Math.log10(rates[b + 1]) - Math.log10(rates[b])) / 2;
        assertEquals(halfway, Math.log10(v.verifiedLr()), 1e-9, v.toString());
        assertTrue(v.trail().orElseThrow().horizon().contains("next to a diverged fit"), v.trail().orElseThrow().horizon());
    }

    @Test
    void aLongBestPastTheFinalFitsEdgeIsNotExtrapolatedAgainToTheHorizon() {
        // The best falls two decades per decade of steps, so far that the long fits' best lies past
        // their lower edge when the budget runs out: that point is not used to measure a trend.
        DoubleBinaryOperator best = (lr, steps) -> 0.1 * Math.pow(steps / 10.0, -2);
        Verification v = search(bowl(best, 5), 1200, 2000).build().search(0.003, 0.002, 0.005);
        SearchTrail t = v.trail().orElseThrow();
        assertTrue(t.fitBestLr() < v.candidates()[0], t.fits().toString());
        assertEquals(0, t.horizonShiftDecades());
        assertTrue(t.horizon().contains("past their edge"), t.horizon());
    }

    @Test
    void aLongerHorizonThanTheBudgetAllowsIsReachedByAMeasuredTrend() {
        // The best rate falls a quarter decade per decade of steps: 0.1 at 10 steps, 0.01 at 100,000.
        DoubleBinaryOperator best = (lr, steps) -> 0.1 * Math.pow(steps / 10.0, -0.25);
        Verification v = search(bowl(best, 5), 1200, 2000).build().search(0.05, 0.03, 0.08);
        SearchTrail t = v.trail().orElseThrow();
        assertTrue(v.steps() < 2000);
        assertTrue(t.horizonShiftDecades() < 0, "shift " + t.horizonShiftDecades());
        double truth = best.applyAsDouble(0, 2000);
        double unCorrected = Math.abs(Math.log10(t.fitBestLr()) - Math.log10(truth));
        double corrected = Math.abs(Math.log10(v.verifiedLr()) - Math.log10(truth));
        assertTrue(corrected < unCorrected / 2, "corrected off by " + corrected + ", uncorrected " + unCorrected);
        assertTrue(t.horizon().contains("extrapolated"), t.horizon());
    }

    @Test
    void aRangeThatRunsToLrMaxSaysSo() {
        // Still improving at the sweep's top: the range is open above, for lr-max, and the answer is there.
        Verification v = search(bowl((lr, s) -> 50, Double.POSITIVE_INFINITY), 1200, 200).build().search(1, 0.8, 1.2);
        SearchTrail t = v.trail().orElseThrow();
        assertTrue(v.openAbove());
        assertEquals("lr-max", t.openAboveWhy());
        assertNull(t.openBelowWhy());
        assertTrue(v.verifiedLr() <= 10 && v.verifiedLr() > 3, "verified " + v.verifiedLr());
    }

    @Test
    void fitsThatDivergeBoundTheSearchFromAbove() {
        Verification v = search(bowl((lr, s) -> 3, 0.5), 1200, 200).build().search(0.1, 0.05, 0.2);
        assertTrue(v.verifiedLr() <= 0.5, "verified " + v.verifiedLr());
        assertTrue(v.verifiedLr() > 0.15, "verified " + v.verifiedLr());
        assertFalse(v.openAbove());
    }

    @Test
    void whenEveryFitDivergesThereIsNoVerifiedRateAndTheTrailSaysWhy() {
        Verification v = search(bowl((lr, s) -> 1, 1e-9), 600, 200).build().search(0.1, 0.1, 0.1);
        assertFalse(v.isPresent());
        assertTrue(v.trail().orElseThrow().unverifiedWhy().contains("diverged"));
        assertTrue(v.trail().orElseThrow().stepsSpent() <= 600);
    }

    @Test
    void whenEveryLongFitDivergesTheAnswerKeepsBelowThem() {
        // Short fits train; every fit of the final length blows up (a rate that holds for 50 steps but not 200).
        VerificationSearch.Fits shortOnly = (lrs, steps) -> {
            double[] losses = bowl((lr, s) -> 0.02, 5).fit(lrs, steps);
            if (steps >= 200) {
                java.util.Arrays.fill(losses, Double.POSITIVE_INFINITY);
            }
            return losses;
        };
        Verification v = search(shortOnly, 1200, 200).build().search(0.01, 0.005, 0.03);
        assertTrue(v.isPresent());
        assertTrue(v.trail().orElseThrow().fits().stream().anyMatch(f -> f.stage().equals("final")));
        double lowestDiverged = v.trail().orElseThrow().fits().stream().filter(f -> !Double.isFinite(f.validationLoss()))
                .mapToDouble(SearchTrail.Fit::lr).min().orElseThrow();
        assertTrue(v.verifiedLr() <= lowestDiverged * Math.pow(10, -VerificationSearch.DIVERGENCE_MARGIN_DECADES) * (1 + 1e-9),
                "a quarter decade below the lowest diverged fit, " + lowestDiverged + ": " + v.verifiedLr());
    }
}
