package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.sweep.TrainingSchedule;
import org.junit.jupiter.api.Test;

class VerificationTest {

    @Test
    void candidatesSpanADecadeEachSideOrTheRunsSpread() {
        double[] narrow = Verification.candidates(0.1, 0.08, 0.12, 5);
        assertEquals(5, narrow.length);
        assertEquals(0.01, narrow[0], 1e-15);
        assertEquals(0.1, narrow[2], 1e-15);
        assertEquals(1, narrow[4], 1e-14);
        double[] wide = Verification.candidates(0.1, 1e-4, 0.5, 5);
        assertEquals(1e-4, wide[0], 1e-18);
        assertEquals(1, wide[4], 1e-14); // the decade above still reaches past the highest run
        assertEquals(0.1, Verification.candidates(0.1, 0.01, 1, 1)[0]);
    }

    @Test
    void theVerifiedRateIsTheParabolasVertexInLogRate() {
        double[] lrs = {0.001, 0.01, 0.1, 1, 10};
        double[] losses = new double[5];
        for (int i = 0; i < 5; i++) {
            double x = Math.log10(lrs[i]) - Math.log10(0.05); // log loss a parabola with its minimum at 0.05
            losses[i] = Math.exp(0.2 + 0.5 * x * x);
        }
        Verification v = Verification.of(TrainingSchedule.CONSTANT, 100, lrs, losses, 1.5, "held out");
        assertTrue(v.isPresent());
        assertEquals(2, v.bestIndex()); // 0.1, the candidate nearest 0.05 in log rate
        assertEquals(0.05, v.verifiedLr(), 1e-12);
        // within 10% of the best candidate's loss, joined linearly between candidates
        assertTrue(v.goodFrom() > 0.01 && v.goodFrom() < 0.1, "from " + v.goodFrom());
        assertTrue(v.goodTo() > 0.1 && v.goodTo() < 1, "to " + v.goodTo());
        assertFalse(v.openBelow());
        assertFalse(v.openAbove());
    }

    @Test
    void theVertexStaysBetweenTheBestsNeighbours() {
        double[] lrs = {0.01, 0.1, 1};
        Verification v = Verification.of(TrainingSchedule.ONE_CYCLE, 50, lrs, new double[] {5, 1, 1.0001}, 1, "v");
        assertTrue(v.verifiedLr() >= 0.01 && v.verifiedLr() <= 1);
    }

    @Test
    void aBestAtTheGridsEdgeIsTakenAsItIsAndTheRangeIsOpen() {
        double[] lrs = {0.01, 0.1, 1};
        Verification v = Verification.of(TrainingSchedule.CONSTANT, 50, lrs,
                new double[] {0.50, 0.52, Double.POSITIVE_INFINITY}, 1, "v");
        assertEquals(0, v.bestIndex());
        assertEquals(0.01, v.verifiedLr(), 1e-15);
        assertTrue(v.openBelow());
        assertEquals(0.1, v.goodTo(), 1e-12); // 0.52 is within 10% of 0.50; the diverged fit ends the range there
    }

    @Test
    void everyFitDivergedMeansNoVerifiedRate() {
        Verification v = Verification.of(TrainingSchedule.CONSTANT, 50, new double[] {1, 10},
                new double[] {Double.POSITIVE_INFINITY, Double.NaN}, 1, "v");
        assertFalse(v.isPresent());
        assertTrue(Double.isNaN(v.verifiedLr()));
    }
}
