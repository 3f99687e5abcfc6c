package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.sweep.CollapseCurve;
import dev.lrfinder.sweep.DivergenceRule;
import org.junit.jupiter.api.Test;

/** No rule answers past where the smoothed loss turns up for good (issue 21's collapse). */
class TurnUpCutTest {

    /** Where the loss of {@link CollapseCurve} starts to rise: lr 0.1. */
    private static final double TURN_LR = 0.1;

    @Test
    void noRuleAnswersPastACollapseOnAnyReading() {
        double[] lrs = CollapseCurve.lrs();
        double[] losses = CollapseCurve.losses();
        for (String smoothing : Smoothing.names()) {
            // As a sweep records it when nothing stopped it (a curve from another tool, --divergence none).
            AnalysisOptions options = AnalysisOptions.builder().optSmoothing(Smoothing.byName(smoothing))
                    .optDivergence(DivergenceRule.none()).build();
            AnalysisResult result = CurveAnalysis.analyze(lrs, losses, options);
            assertEquals(CollapseCurve.STEPS, result.size(), "the whole curve is kept for the plot");
            for (Method method : Method.values()) {
                Suggestion s = result.suggestion(method);
                if (s.isPresent()) {
                    assertTrue(s.lr() <= lrs[CollapseCurve.SPIKE - 1], smoothing + " " + method.id() + " answered "
                            + s.lr() + " past the collapse at " + lrs[CollapseCurve.SPIKE]);
                }
            }
            Suggestion steep = result.suggestion(Method.STEEP);
            assertTrue(steep.isPresent() && steep.lr() < TURN_LR, smoothing + " steep answered " + steep.lr());
        }
    }

    @Test
    void theCutIsSaidInTheNotes() {
        AnalysisOptions options = AnalysisOptions.builder().optDivergence(DivergenceRule.none()).build();
        AnalysisResult result = CurveAnalysis.analyze(CollapseCurve.lrs(), CollapseCurve.losses(), options);
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("turns up for good")), result.notes().toString());
    }

    @Test
    void aCurveThatDoesNotTurnUpIsReadToItsEnd() {
        double[] lrs = Curves.logSpaced(-6, 0.1, 41);
        double[] losses = new double[lrs.length];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = 3 - 2 * i / 40.0;
        }
        assertEquals(41, CurveAnalysis.readTo(losses));
        // Ripple on the floor well under half the drop is no turn up either.
        losses[40] = losses[39] + 0.4;
        assertEquals(41, CurveAnalysis.readTo(losses));
        losses[39] = losses[38] + 1.2;
        losses[40] = losses[38] + 1.5;
        assertEquals(40, CurveAnalysis.readTo(losses), "read through the first point past half the drop");
    }
}
