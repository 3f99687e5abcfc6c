package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.analysis.CurveRegions;
import dev.lrfinder.report.HeadlineCurve;
import org.junit.jupiter.api.Test;

class VerificationSummaryTest {
    private static final double[] LRS = {1e-4, 1e-3, 1e-2, 0.1, 1, 10};
    private static final HeadlineCurve CURVE = new HeadlineCurve("median", LRS, new double[] {2, 1.9, 1, 0.5, 3, 9},
            new CurveRegions(1, 3, 4), Double.NaN);

    /** A verified rate where the sweep had already turned up is explained, not left to look like a contradiction. */
    @Test
    void aVerifiedRateInTheDivergenceRegionIsExplained() {
        String note = VerificationSummary.divergenceNote(2, CURVE).orElseThrow();
        assertTrue(note.startsWith("The verified rate lies where the range test's loss had already turned up (from 1"),
                note);
        assertTrue(note.contains("no contradiction"), note);
        assertTrue(VerificationSummary.divergenceNote(0.5, CURVE).isEmpty(), "below the turn: nothing to explain");
        HeadlineCurve calm = new HeadlineCurve("median", LRS, new double[] {2, 1.9, 1, 0.5, 0.4, 0.3},
                new CurveRegions(1, 3, -1), Double.NaN);
        assertTrue(VerificationSummary.divergenceNote(2, calm).isEmpty(), "no divergence region");
    }
}
