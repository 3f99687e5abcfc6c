package dev.lrfinder.bench;

import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.Compat;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.analysis.Smoothing;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One curve, every suggestion rule at once. Target (analysis issue): {@code allSuggestions} under
 * 100 us for 1,000 points. The robust-smoothing and fastai-compat variants are for reference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class AnalysisBenchmark {

    @Param({"100", "1000", "10000"})
    public int points;

    private double[] lrs;
    private double[] losses;
    private AnalysisOptions defaults;
    private AnalysisOptions robust;

    @Setup(Level.Trial)
    public void setUp() {
        lrs = BenchCurves.lrs(points);
        losses = BenchCurves.losses(lrs, 42);
        defaults = AnalysisOptions.defaults();
        robust = AnalysisOptions.builder().optSmoothing(Smoothing.robust()).build();
    }

    /** Validation, default smoothing (debiased EMA) and all seven rules. */
    @Benchmark
    public AnalysisResult allSuggestions() {
        return CurveAnalysis.analyze(lrs, losses, defaults);
    }

    /** The same with the robust LOESS smoother, which dominates the cost. */
    @Benchmark
    public AnalysisResult allSuggestionsRobustSmoothing() {
        return CurveAnalysis.analyze(lrs, losses, robust);
    }

    /** fastai's full pipeline: float32 EMA, stop, trim, its four rules. */
    @Benchmark
    public AnalysisResult fastaiCompat() {
        return Compat.FASTAI.analyze(lrs, losses, points);
    }
}
