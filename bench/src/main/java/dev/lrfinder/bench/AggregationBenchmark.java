package dev.lrfinder.bench;

import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.analysis.RunAggregation;
import java.util.ArrayList;
import java.util.List;
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
 * Summarising N analysed runs of 1,000 points: statistics and bootstrap for all seven methods, the
 * recommendation and the consensus curve with its own suggestions. Target (analysis issue): under
 * 50 ms for 1,000 runs. The runs are analysed once per trial, outside the measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AggregationBenchmark {

    static final int POINTS = 1_000;

    @Param({"10", "100", "1000"})
    public int runs;

    private List<AnalysisResult> analysed;
    private AnalysisOptions options;

    @Setup(Level.Trial)
    public void setUp() {
        options = AnalysisOptions.defaults();
        double[] lrs = BenchCurves.lrs(POINTS);
        analysed = new ArrayList<>(runs);
        for (int r = 0; r < runs; r++) {
            analysed.add(CurveAnalysis.analyze(lrs, BenchCurves.losses(lrs, r), options));
        }
    }

    @Benchmark
    public AggregateSummary summarize() {
        return RunAggregation.summarize(analysed, options);
    }
}
