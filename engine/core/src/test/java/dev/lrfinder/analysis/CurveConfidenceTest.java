package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.sweep.TrainingSchedule;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One run's confidence comes from its own curve: a clear, quiet fall is HIGH, not LOW for being alone. */
class CurveConfidenceTest {

    /** A range-test curve: flat at 2.3, falling between 1e-3 and 1e-1 to {@code floor}, blowing up past 1. */
    static double[][] curve(double floor, double noise, long seed) {
        int n = 100;
        double[] lrs = new double[n];
        double[] losses = new double[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            double x = -6 + 7.0 * i / (n - 1);
            lrs[i] = Math.pow(10, x);
            double fall = 1 / (1 + Math.exp(-(x + 3.5) * 3));
            double level = 2.3 - (2.3 - floor) * fall;
            double blowUp = x > 0 ? Math.exp((x - 0) * 12) - 1 : 0;
            losses[i] = (level + blowUp) * (1 + noise * random.nextGaussian());
        }
        return new double[][] {lrs, losses};
    }

    private static AnalysisResult analyze(double[][] c) {
        return CurveAnalysis.analyze(c[0], c[1], AnalysisOptions.defaults());
    }

    @Test
    void aClearQuietFallIsHigh() {
        AnalysisResult run = analyze(curve(0.2, 0.01, 1));
        Suggestion s = run.suggestion(Method.DIVERGENCE);
        CurveConfidence c = CurveConfidence.of(run, s.lr());
        assertEquals(Confidence.HIGH, c.level(), c.explain());
        assertTrue(c.fall() > 0.5, c.explain()); // the smoothed minimum lags the raw floor
        AggregateSummary one = RunAggregation.summarize(List.of(run), AnalysisOptions.defaults());
        assertEquals(Confidence.HIGH, one.recommendation().confidence());
        assertTrue(one.recommendation().reasoning().contains("one run: the smoothed loss falls"),
                one.recommendation().reasoning());
    }

    @Test
    void aNoisyCurveIsNotHigh() {
        AnalysisResult run = analyze(curve(0.2, 0.12, 2));
        CurveConfidence c = CurveConfidence.of(run, run.suggestion(Method.DIVERGENCE).lr());
        assertNotEquals(Confidence.HIGH, c.level(), c.explain());
        assertTrue(c.noise() > CurveConfidence.HIGH_MAX_NOISE, c.explain());
    }

    @Test
    void aCurveThatHardlyFallsIsLow() {
        AnalysisResult run = analyze(curve(2.2, 0.005, 3));
        CurveConfidence c = CurveConfidence.of(run, run.suggestion(Method.MINIMUM).lr());
        assertEquals(Confidence.LOW, c.level(), c.explain());
    }

    @Test
    void anAnswerAtTheEndOfTheCurveIsLow() {
        AnalysisResult run = analyze(curve(0.2, 0.01, 4));
        CurveConfidence c = CurveConfidence.of(run, run.lrs()[run.size() - 2]);
        assertEquals(1, c.margin());
        assertEquals(Confidence.LOW, c.level(), c.explain());
    }

    @Test
    void theTargetPicksTheRuleAndSoTheAnswer() {
        List<AnalysisResult> runs = List.of(analyze(curve(0.2, 0.01, 5)), analyze(curve(0.2, 0.01, 6)));
        Recommendation constant = RunAggregation.summarize(runs,
                AnalysisOptions.builder().optTarget(TrainingSchedule.CONSTANT).build()).recommendation();
        Recommendation oneCycle = RunAggregation.summarize(runs,
                AnalysisOptions.builder().optTarget(TrainingSchedule.ONE_CYCLE).build()).recommendation();
        TargetRule c = TargetRule.of(TrainingSchedule.CONSTANT);
        TargetRule o = TargetRule.of(TrainingSchedule.ONE_CYCLE);
        double geoC = RunAggregation.summarize(runs, AnalysisOptions.defaults()).statistics(c.method()).geometricMean();
        double geoO = RunAggregation.summarize(runs, AnalysisOptions.defaults()).statistics(o.method()).geometricMean();
        assertEquals(geoC * c.factor(), constant.lr(), 1e-12 * constant.lr());
        assertEquals(geoO * o.factor(), oneCycle.lr(), 1e-12 * oneCycle.lr());
        assertEquals(TrainingSchedule.CONSTANT, constant.target());
        if (c.smoothing().id().equals(o.smoothing().id())) {
            assertEquals(oneCycle.lr(), constant.oneCyclePeakLr(), 1e-12 * oneCycle.lr());
        } else {
            assertTrue(Double.isNaN(constant.oneCyclePeakLr()), "read with another smoothing than OneCycle's rule");
        }
        assertEquals(TargetRule.DEFAULT_TARGET, RunAggregation.summarize(runs, AnalysisOptions.defaults())
                .recommendation().target());
    }
}
