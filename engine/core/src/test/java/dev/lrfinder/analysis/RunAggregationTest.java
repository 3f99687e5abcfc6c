package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.sweep.TrainingSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunAggregationTest {

    private static final AnalysisOptions VALLEY_ONLY = AnalysisOptions.builder().optMethods(Method.VALLEY).optDefaultMethod(Method.VALLEY).build();

    /** A run whose valley answer is {@code lr} (or none when NaN) on a small cosine curve. */
    private static AnalysisResult run(double lr) {
        double[] lrs = Curves.cosineGridLrs();
        double[] losses = Curves.cosine(lrs);
        Map<Method, Suggestion> suggestions = new LinkedHashMap<>();
        suggestions.put(Method.VALLEY, Double.isNaN(lr) ? Suggestion.none(Method.VALLEY, "the loss never decreases")
                : Suggestion.of(Method.VALLEY, lr, 0, "given"));
        return new AnalysisResult(CurveAnalysis.PIPELINE, lrs, losses, losses, suggestions, Method.VALLEY, List.of());
    }

    private static List<AnalysisResult> runs(double... lrs) {
        List<AnalysisResult> runs = new ArrayList<>();
        for (double lr : lrs) {
            runs.add(run(lr));
        }
        return runs;
    }

    @Test
    void statisticsOfThreeRunsByHand() {
        // 1e-3, 2e-3, 4e-3: ln lr = ln 2e-3 + (-1, 0, 1) ln 2, so the geometric mean is 2e-3 and the
        // geometric SD exp(ln 2 * 1) = 2; mean 7e-3/3; range 4.
        MethodStatistics stats = RunAggregation.summarize(runs(1e-3, 2e-3, 4e-3), VALLEY_ONLY).statistics(Method.VALLEY);
        assertEquals(3, stats.runs());
        assertEquals(3, stats.suggested());
        assertEquals(7e-3 / 3, stats.mean(), 1e-18);
        assertEquals(2e-3, stats.median(), 0);
        assertEquals(2e-3, stats.geometricMean(), 1e-17);
        assertEquals(2.0, stats.geometricSd(), 1e-12);
        assertEquals(1e-3, stats.min(), 0);
        assertEquals(4e-3, stats.max(), 0);
        assertEquals(4.0, stats.range(), 1e-12);
        // A bootstrap mean can't leave [min, max] (up to exp(log(x)) rounding).
        assertTrue(stats.ciLow() >= 1e-3 * (1 - 1e-12) && stats.ciLow() < 2e-3, "ciLow " + stats.ciLow());
        assertTrue(stats.ciHigh() > 2e-3 && stats.ciHigh() <= 4e-3 * (1 + 1e-12), "ciHigh " + stats.ciHigh());
        // gsd 2 is above HIGH's 1.5 and within MEDIUM's 2.5.
        assertEquals(Confidence.MEDIUM, stats.confidence());
    }

    @Test
    void bootstrapIsReproducibleFromItsSeed() {
        List<AnalysisResult> runs = runs(1e-3, 1.5e-3, 2e-3, 3e-3, 5e-3, 8e-3);
        MethodStatistics a = RunAggregation.summarize(runs, VALLEY_ONLY).statistics(Method.VALLEY);
        MethodStatistics b = RunAggregation.summarize(runs, VALLEY_ONLY).statistics(Method.VALLEY);
        MethodStatistics c = RunAggregation.summarize(runs, VALLEY_ONLY, AggregationOptions.defaults().withBootstrapSeed(1))
                .statistics(Method.VALLEY);
        assertEquals(a.ciLow(), b.ciLow(), 0);
        assertEquals(a.ciHigh(), b.ciHigh(), 0);
        assertTrue(a.ciLow() != c.ciLow() || a.ciHigh() != c.ciHigh(), "another seed, another resampling");
    }

    @Test
    void confidenceLevelsFollowTheDocumentedThresholds() {
        assertEquals(Confidence.HIGH, summary(1e-3, 1.1e-3, 0.95e-3, 1.05e-3).recommendation().confidence());
        // One run: read off its own curve (CurveConfidenceTest), no longer LOW for being alone.
        assertEquals(Confidence.LOW, summary(1e-4, 1e-3, 1e-2).recommendation().confidence()); // gsd 10
        // Three agreeing runs but one of four without an answer: not HIGH; 25% missing is still MEDIUM.
        assertEquals(Confidence.MEDIUM, summary(1e-3, 1.1e-3, 0.95e-3, Double.NaN).recommendation().confidence());
        assertEquals(Confidence.LOW, summary(1e-3, 1.1e-3, Double.NaN, Double.NaN).recommendation().confidence());
    }

    private static AggregateSummary summary(double... lrs) {
        return RunAggregation.summarize(runs(lrs), VALLEY_ONLY);
    }

    @Test
    void runsWithoutASuggestionAreCountedAndReported() {
        AggregateSummary summary = summary(1e-3, Double.NaN, 2e-3, 4e-3);
        MethodStatistics stats = summary.statistics(Method.VALLEY);
        assertEquals(3, stats.suggested());
        assertEquals(List.of(new MissingRun(1, "the loss never decreases")), stats.missing());
        assertTrue(summary.recommendation().reasoning().contains("1 of 4 runs gave no valley suggestion (run 2: the loss"
                + " never decreases)"), summary.recommendation().reasoning());
    }

    @Test
    void recommendationIsTheRulesFactorTimesTheGeometricMeanForTheTarget() {
        AnalysisOptions constant = VALLEY_ONLY.toBuilder().optTarget(TrainingSchedule.CONSTANT).build();
        double factor = constant.rule().factor();
        Recommendation recommendation = RunAggregation.summarize(runs(1e-3, 2e-3, 4e-3), constant).recommendation();
        assertTrue(recommendation.isPresent());
        assertEquals(Method.VALLEY, recommendation.method());
        assertEquals(2e-3 * factor, recommendation.lr(), 1e-15);
        assertEquals(Schedule.CONSTANT, recommendation.schedule());
        assertEquals(TrainingSchedule.CONSTANT, recommendation.target());
        assertEquals(1e-3 * factor, recommendation.runsLow(), 1e-15);
        assertEquals(4e-3 * factor, recommendation.runsHigh(), 1e-15);
        TargetRule oneCycle = TargetRule.of(TrainingSchedule.ONE_CYCLE);
        if (oneCycle.method() == Method.VALLEY) {
            assertEquals(2e-3 * oneCycle.factor(), recommendation.oneCyclePeakLr(), 1e-15);
        } else {
            assertTrue(Double.isNaN(recommendation.oneCyclePeakLr()), "OneCycle's method did not run");
        }
        String text = recommendation.reasoning();
        assertTrue(text.startsWith("Recommended learning rate " + PreparedCurve.fmt(2e-3 * factor)
                + " for a constant learning rate: "), text);
        assertTrue(text.contains("the geometric mean of valley over 3 runs"), text);
        assertTrue(text.contains("Confidence MEDIUM"), text);
    }

    @Test
    void noRecommendationWhenNoRunAnswers() {
        Recommendation recommendation = summary(Double.NaN, Double.NaN).recommendation();
        assertFalse(recommendation.isPresent());
        assertEquals(Confidence.LOW, recommendation.confidence());
        assertEquals("No recommendation: no method gave a suggestion in any run; valley, the default method, gave no answer in"
                + " any of the 2 runs (run 1: the loss never decreases).", recommendation.reasoning());
        assertEquals("valley, the default method, gave no answer in any of the 2 runs (run 1: the loss never decreases)",
                recommendation.fallbackReason());
        assertEquals(Method.VALLEY, recommendation.method());
        assertFalse(recommendation.isFallback());
        assertTrue(Double.isNaN(RunAggregation.summarize(runs(Double.NaN), VALLEY_ONLY).statistics(Method.VALLEY)
                .geometricMean()));
    }

    @Test
    void consensusOfIdenticalRunsIsThatRun() {
        double[] lrs = Curves.cosineGridLrs();
        double[] losses = Curves.cosine(lrs);
        AnalysisOptions options = Curves.unsmoothed().toBuilder().optDefaultMethod(Method.VALLEY).build();
        AnalysisResult single = CurveAnalysis.analyze(lrs, losses, options);
        AggregateSummary summary = RunAggregation.summarize(List.of(single, single, single), options);
        ConsensusCurve consensus = summary.consensus();
        assertEquals(61, consensus.lrs().length);
        assertArrayEquals(losses, consensus.median(), 1e-9);
        assertArrayEquals(consensus.median(), consensus.q1(), 0);
        assertArrayEquals(consensus.median(), consensus.q3(), 0);
        for (Method method : Method.values()) {
            assertEquals(single.suggestion(method).index(), consensus.analysis().suggestion(method).index(), method.id());
        }
        assertEquals(Confidence.HIGH, summary.recommendation().confidence());
        assertEquals(LRS18(), summary.recommendation().lr(), 1e-15);
    }

    private static double LRS18() {
        return Curves.cosineGridLrs()[18];
    }

    @Test
    void consensusIsTheMedianWithItsQuartilesAndCoverage() {
        // Three runs on the same grid at +0, +1, +2 of the cosine: median +1, quartiles +0.5 and +1.5.
        // The third run stops at index 30; the majority (2 of 3) still covers every point.
        double[] lrs = Curves.cosineGridLrs();
        double[] base = Curves.cosine(lrs);
        List<AnalysisResult> runs = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            double[] losses = base.clone();
            for (int i = 0; i < losses.length; i++) {
                losses[i] += r;
            }
            int n = r == 2 ? 31 : 61;
            runs.add(CurveAnalysis.analyze(java.util.Arrays.copyOf(lrs, n), java.util.Arrays.copyOf(losses, n),
                    Curves.unsmoothed()));
        }
        ConsensusCurve consensus = RunAggregation.summarize(runs, Curves.unsmoothed()).consensus();
        assertEquals(61, consensus.lrs().length);
        assertEquals(base[10] + 1, consensus.median()[10], 1e-9);
        assertEquals(base[10] + 0.5, consensus.q1()[10], 1e-9);
        assertEquals(base[10] + 1.5, consensus.q3()[10], 1e-9);
        assertEquals(3, consensus.coverage()[30]);
        assertEquals(2, consensus.coverage()[31]);
        assertEquals(base[50] + 0.5, consensus.median()[50], 1e-9);
        assertEquals(0, consensus.analyzedFrom());
        assertEquals(61, consensus.analyzedTo());
    }

    @Test
    void noisyRunsRecommendTheGeometricMeanOfTheirValleysOnTheDescent() {
        double[] lrs = Curves.logSpaced(-6, 0.02, 301);
        double[] clean = Curves.cosine(lrs);
        Random random = new Random(11);
        List<AnalysisResult> runs = new ArrayList<>();
        double logSum = 0;
        AnalysisOptions valley = AnalysisOptions.builder().optDefaultMethod(Method.VALLEY).build();
        for (int r = 0; r < 8; r++) {
            double[] noisy = clean.clone();
            for (int i = 0; i < noisy.length; i++) {
                noisy[i] += 0.05 * random.nextGaussian();
            }
            AnalysisResult result = CurveAnalysis.analyze(lrs, noisy, valley);
            runs.add(result);
            logSum += Math.log(result.suggestion(Method.VALLEY).lr());
        }
        AggregateSummary summary = RunAggregation.summarize(runs, valley);
        Recommendation recommendation = summary.recommendation();
        assertEquals(Math.exp(logSum / 8), recommendation.lr(), 1e-12 * recommendation.lr());
        // On the descent: right of the loss's first drop (u = -5) and left of its minimum (u = -2).
        assertTrue(recommendation.lr() > 1e-5 && recommendation.lr() < 1e-2, recommendation.reasoning());
        assertEquals(Method.values().length, summary.methods().size());
        assertEquals(8, summary.consensus().coverage()[150]);
    }

    @Test
    void rejectsEmptyAndNullRuns() {
        assertEquals("runs = []: must be at least 1 analysed run", assertThrows(IllegalArgumentException.class,
                () -> RunAggregation.summarize(List.of(), AnalysisOptions.defaults())).getMessage());
        List<AnalysisResult> withNull = new ArrayList<>();
        withNull.add(run(1e-3));
        withNull.add(null);
        assertEquals("runs[1] = null: must be an AnalysisResult", assertThrows(IllegalArgumentException.class,
                () -> RunAggregation.summarize(withNull, AnalysisOptions.defaults())).getMessage());
    }

    @Test
    void aggregationOptionsAreValidated() {
        assertEquals("bootstrapResamples = 10: must be an integer >= 100", assertThrows(IllegalArgumentException.class,
                () -> AggregationOptions.defaults().withBootstrapResamples(10)).getMessage());
        assertEquals("consensusPoints = 1: must be 0 (automatic) or an integer >= 2",
                assertThrows(IllegalArgumentException.class, () -> AggregationOptions.defaults().withConsensusPoints(1))
                        .getMessage());
    }

    /** Runs of the cosine curve with the given answers of divergence and minimum (NaN: none). */
    private static List<AnalysisResult> twoMethodRuns(double[] divergence, double[] minimum) {
        List<AnalysisResult> runs = new ArrayList<>();
        double[] lrs = Curves.cosineGridLrs();
        double[] losses = Curves.cosine(lrs);
        for (int r = 0; r < divergence.length; r++) {
            Map<Method, Suggestion> suggestions = new LinkedHashMap<>();
            suggestions.put(Method.MINIMUM, Double.isNaN(minimum[r]) ? Suggestion.none(Method.MINIMUM, "no minimum")
                    : Suggestion.of(Method.MINIMUM, minimum[r], 1, "given"));
            suggestions.put(Method.DIVERGENCE, Double.isNaN(divergence[r])
                    ? Suggestion.none(Method.DIVERGENCE, "it does not turn up for good in this sweep")
                    : Suggestion.of(Method.DIVERGENCE, divergence[r], 1, "given"));
            runs.add(new AnalysisResult(CurveAnalysis.PIPELINE, lrs, losses, losses, suggestions, Method.DIVERGENCE, List.of()));
        }
        return runs;
    }

    private static final AnalysisOptions DIVERGENCE_AND_MINIMUM = AnalysisOptions.builder()
            .optMethods(Method.MINIMUM, Method.DIVERGENCE).optDefaultMethod(Method.DIVERGENCE).build();

    @Test
    void whenTheDefaultMethodNeverAnswersTheNextMethodInTheFallbackOrderDoesAndSaysWhy() {
        double nan = Double.NaN;
        Recommendation r = RunAggregation.summarize(twoMethodRuns(new double[] {nan, nan}, new double[] {1e-3, 4e-3}),
                DIVERGENCE_AND_MINIMUM).recommendation();
        assertTrue(r.isPresent());
        assertTrue(r.isFallback());
        assertEquals(Method.MINIMUM, r.method());
        assertEquals(Method.DIVERGENCE, r.defaultMethod());
        assertEquals(2e-3, r.lr(), 1e-15); // a fallback method is taken as it is: the factor is the target method's
        assertEquals(1, r.rule().factor());
        assertEquals("divergence, the default method, gave no answer in any of the 2 runs (run 1: it does not turn up for"
                + " good in this sweep)", r.fallbackReason());
        assertTrue(r.reasoning().startsWith(r.fallbackReason() + "; minimum is the next method in the fallback order"
                + " (divergence, minimum) that answered, taken as it is. Recommended learning rate 0.00200"), r.reasoning());
    }

    @Test
    void theDefaultMethodAnsweringInOneRunIsNoFallback() {
        double nan = Double.NaN;
        Recommendation r = RunAggregation.summarize(twoMethodRuns(new double[] {nan, 3e-3}, new double[] {1e-3, 4e-3}),
                DIVERGENCE_AND_MINIMUM).recommendation();
        assertEquals(Method.DIVERGENCE, r.method());
        assertFalse(r.isFallback());
        assertEquals(null, r.fallbackReason());
        assertEquals(3e-3 * DIVERGENCE_AND_MINIMUM.rule().factor(), r.lr(), 1e-15);
    }

    @Test
    void theFallbackOrderIsTheExperimentsRegretOrderAmongTheMethodsRun() {
        assertEquals(List.of(Method.DIVERGENCE, Method.MINIMUM, Method.VALLEY, Method.SLIDE, Method.STEEPEST, Method.STEEP,
                Method.SLIDE_RELATIVE), AnalysisOptions.builder().optDefaultMethod(Method.DIVERGENCE).build()
                .recommendationOrder());
        Method rule = TargetRule.of(TargetRule.DEFAULT_TARGET).method();
        assertEquals(rule, AnalysisOptions.defaults().recommendationOrder().get(0), "the target's method comes first");
        AnalysisOptions steepFirst = AnalysisOptions.builder().optMethods(Method.STEEP, Method.VALLEY, Method.STEEPEST)
                .optDefaultMethod(Method.STEEP).build();
        assertEquals(List.of(Method.STEEP, Method.VALLEY, Method.STEEPEST), steepFirst.recommendationOrder());
    }

    @Test
    void aCurveThatNeverTurnsUpGetsANumberForHowFarToSweep() {
        // Falling all the way to lr 1 (the cosine curve's first half, stretched): no run turns up.
        double[] lrs = Curves.logSpaced(-6, 0.1, 61);
        double[] falling = new double[lrs.length];
        for (int i = 0; i < lrs.length; i++) {
            falling[i] = 3 - 2 * i / 60.0;
        }
        AnalysisResult run = CurveAnalysis.analyze(lrs, falling, Curves.unsmoothed());
        Recommendation r = RunAggregation.summarize(List.of(run),
                AnalysisOptions.builder().optDefaultMethod(Method.DIVERGENCE).build()).recommendation();
        assertFalse(run.suggestion(Method.DIVERGENCE).isPresent());
        assertTrue(r.isPresent(), r.reasoning());
        assertEquals(Method.MINIMUM, r.method());
        assertEquals(10 * lrs[60], r.lrMaxAtLeast(), 1e-12);
        assertTrue(r.reasoning().endsWith("No run's loss turned up for good: sweep to at least lr 10.0 (10.0 x the last lr)"
                + " so that divergence can answer."), r.reasoning());

        double[] cosine = Curves.cosine(Curves.cosineGridLrs());
        AnalysisResult turnsUp = CurveAnalysis.analyze(Curves.cosineGridLrs(), cosine, Curves.unsmoothed());
        assertFalse(RunAggregation.summarize(List.of(turnsUp), AnalysisOptions.defaults()).recommendation().hasLrMaxHint(),
                "a curve that turns up needs no further sweep");
    }

    @Test
    void aMethodThatAnsweredIsNotAskedForAWiderSweepToAnswer() {
        // find --steps 2000 once ended "raise --lr-max ... so that steep can answer" although steep had answered.
        double[] lrs = Curves.logSpaced(-6, 0.1, 61);
        double[] falling = new double[lrs.length];
        for (int i = 0; i < lrs.length; i++) {
            falling[i] = 3 - 2 * i / 60.0;
        }
        AnalysisResult run = CurveAnalysis.analyze(lrs, falling, Curves.unsmoothed());
        Recommendation r = RunAggregation.summarize(List.of(run),
                AnalysisOptions.builder().optDefaultMethod(Method.MINIMUM).build()).recommendation();
        assertTrue(run.suggestion(Method.MINIMUM).isPresent());
        assertTrue(r.hasLrMaxHint());
        assertTrue(r.reasoning().endsWith("No run's loss turned up for good: sweep to at least lr 10.0 (10.0 x the last lr)"
                + " to see where it does; minimum's answer may lie beyond the swept range."), r.reasoning());
    }
}
