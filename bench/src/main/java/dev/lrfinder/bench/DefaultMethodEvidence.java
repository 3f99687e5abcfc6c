package dev.lrfinder.bench;

import dev.lrfinder.Backends;
import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.analysis.Method;
import dev.lrfinder.analysis.MethodStatistics;
import dev.lrfinder.analysis.RunAggregation;
import dev.lrfinder.report.AtomicFiles;
import dev.lrfinder.sweep.LossCurve;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The experiment behind the default suggestion method: on each built-in task, run range tests,
 * then train short fixed-rate fits over a grid of learning rates, find the rate that trains best,
 * and score every method by how well a fit at its (geometric-mean) suggestion trains.
 *
 * <pre>native-scripts/mvn -q -pl bench -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.lrfinder.bench.DefaultMethodEvidence docs/evidence/default-method.md [djl|native]</pre>
 *
 * <p>The second argument names the backend (default djl); the native one needs {@code
 * -Dlrfinder.shim=engine/target/native/liblrfinder_shim.so} unless the shim lies next to the jar.
 */
public final class DefaultMethodEvidence {
    /** Range tests per case. */
    static final int RANGE_TESTS = 5;
    /** Seeds per fit rate: the score is their mean. */
    static final int FIT_SEEDS = 3;
    /** Steps per fit; the score is the mean raw loss of the last {@link #SCORED_STEPS}. */
    static final int FIT_STEPS = 300;
    static final int SCORED_STEPS = 50;
    /** The fit grid: 10^-4 to 10^1 in quarter decades. */
    static final double LOG_LR_FROM = -4, LOG_LR_TO = 1, LOG_LR_STEP = 0.25;

    record Case(String name, TaskSpec task, ModelSpec model, OptimizerSpec optimizer) {}

    /**
     * @param untrained the mean loss of the range tests' first 10 steps, where the rate is too low
     *     to have moved anything: the loss of an untrained model
     * @param regret per method: (loss at its rate - best loss) / (untrained - best loss), so 0 is the
     *     best rate and 1 is no better than not training; a rate whose fits diverge scores 1
     */
    record Outcome(Case c, double bestLr, double bestScore, double untrained, Map<Method, Double> suggested,
            Map<Method, Double> regret) {}

    private DefaultMethodEvidence() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "default-method.md");
        SweepBackend backend = Backends.byId(args.length > 1 ? args[1] : "djl"); // the evidence was made on djl
        ModelSpec mlp = ModelSpec.defaults(ModelSpec.Kind.MLP);
        OptimizerSpec sgd = OptimizerSpec.of(OptimizerKind.SGD);
        OptimizerSpec adam = OptimizerSpec.of(OptimizerKind.ADAM);
        List<Case> cases = List.of(
                new Case("patterns, mlp, sgd", TaskSpec.named("patterns"), mlp, sgd),
                new Case("blobs, mlp, sgd", TaskSpec.named("blobs"), mlp, sgd),
                new Case("spirals, mlp, sgd", TaskSpec.named("spirals"), mlp, sgd),
                new Case("regression, mlp, sgd", TaskSpec.named("regression"), mlp, sgd),
                new Case("patterns, mlp, adam", TaskSpec.named("patterns"), mlp, adam),
                new Case("spirals, mlp, adam", TaskSpec.named("spirals"), mlp, adam),
                new Case("patterns noise 1.5, mlp, sgd", TaskSpec.named("patterns").withNoise(1.5), mlp, sgd),
                new Case("blobs noise 4, mlp, momentum", TaskSpec.named("blobs").withNoise(4),
                        mlp, OptimizerSpec.of(OptimizerKind.MOMENTUM)));
        List<Outcome> outcomes = new ArrayList<>();
        for (Case c : cases) {
            outcomes.add(evaluate(backend, c));
            System.err.println("done: " + c.name());
        }
        String report = render(outcomes);
        AtomicFiles.writeString(out, report);
        System.out.print(report);
    }

    static Outcome evaluate(SweepBackend backend, Case c) {
        SweepConfig base = SweepConfig.builder().optOptimizer(c.optimizer()).build();
        List<AnalysisResult> analyses = new ArrayList<>();
        double untrained = 0;
        for (int r = 0; r < RANGE_TESTS; r++) {
            LossCurve curve = backend.run(c.task(), c.model(), base.toBuilder().optSeed(100 + r).build()).curve();
            analyses.add(CurveAnalysis.analyze(curve.lrs(), curve.losses(), AnalysisOptions.defaults()));
            for (int i = 0; i < 10; i++) {
                untrained += curve.loss(i) / (10.0 * RANGE_TESTS);
            }
        }
        AggregateSummary summary = RunAggregation.summarize(analyses, AnalysisOptions.defaults());

        int points = (int) Math.round((LOG_LR_TO - LOG_LR_FROM) / LOG_LR_STEP) + 1;
        double[] logLr = new double[points];
        double[] score = new double[points];
        SweepConfig fit = base.toBuilder().optSteps(FIT_STEPS).build();
        for (int i = 0; i < points; i++) {
            logLr[i] = LOG_LR_FROM + i * LOG_LR_STEP;
            double sum = 0;
            for (int s = 0; s < FIT_SEEDS; s++) {
                LossCurve curve = backend.fit(c.task(), c.model(), fit.toBuilder().optSeed(200 + s).build(),
                        Math.pow(10, logLr[i])).curve();
                sum += tailMean(curve);
            }
            score[i] = sum / FIT_SEEDS;
        }
        int best = 0;
        for (int i = 1; i < points; i++) {
            if (score[i] < score[best]) {
                best = i;
            }
        }
        Map<Method, Double> suggested = new EnumMap<>(Method.class);
        Map<Method, Double> regret = new EnumMap<>(Method.class);
        for (MethodStatistics m : summary.methods().values()) {
            if (m.suggested() == 0) {
                continue;
            }
            double lr = m.geometricMean();
            suggested.put(m.method(), lr);
            double loss = interpolate(logLr, score, Math.log10(lr));
            regret.put(m.method(), Math.min(1, (loss - score[best]) / (untrained - score[best])));
        }
        return new Outcome(c, Math.pow(10, logLr[best]), score[best], untrained, suggested, regret);
    }

    /** Mean raw loss of the last steps; a fit that diverged or ended early scores +inf. */
    static double tailMean(LossCurve curve) {
        if (curve.size() < curve.plannedSteps()) {
            return Double.POSITIVE_INFINITY;
        }
        double sum = 0;
        for (int i = curve.size() - SCORED_STEPS; i < curve.size(); i++) {
            sum += curve.loss(i);
        }
        double mean = sum / SCORED_STEPS;
        return Double.isFinite(mean) ? mean : Double.POSITIVE_INFINITY;
    }

    /** Linear in log10(lr) between grid points, clamped to the grid's ends. */
    static double interpolate(double[] x, double[] y, double at) {
        if (at <= x[0]) {
            return y[0];
        }
        for (int i = 1; i < x.length; i++) {
            if (at <= x[i]) {
                if (!Double.isFinite(y[i]) || !Double.isFinite(y[i - 1])) {
                    return Math.max(y[i], y[i - 1]);
                }
                double t = (at - x[i - 1]) / (x[i] - x[i - 1]);
                return y[i - 1] + t * (y[i] - y[i - 1]);
            }
        }
        return y[x.length - 1];
    }

    static String render(List<Outcome> outcomes) {
        StringBuilder md = new StringBuilder();
        md.append("# Which suggestion method trains best\n\n");
        md.append(String.format(Locale.ROOT,
                "Per case: %d range tests (default settings, seeds 100-%d) and the geometric mean of each"
                        + " method's suggestions; then fixed-rate fits of %d steps at 10^%.0f to 10^%.0f in quarter"
                        + " decades, %d seeds each, scored by the mean training loss of their last %d steps. Regret"
                        + " of a rate = (loss at that rate, interpolated in log lr, - best loss) / (untrained loss -"
                        + " best loss): 0 is the best rate of the grid, 1 no better than not training (a rate"
                        + " whose fits diverge scores 1). Each cell: suggested lr (decades from the best; regret).%n%n",
                RANGE_TESTS, 100 + RANGE_TESTS - 1, FIT_STEPS, LOG_LR_FROM, LOG_LR_TO, FIT_SEEDS, SCORED_STEPS));
        List<Method> methods = List.of(Method.values());
        md.append("| case | best lr | best / untrained loss |");
        for (Method m : methods) {
            md.append(' ').append(m.id()).append(" |");
        }
        md.append("\n|---|---|---|");
        md.append("---|".repeat(methods.size()));
        md.append('\n');
        Map<Method, double[]> totals = new EnumMap<>(Method.class); // regret, |decades|, within 3x, none
        for (Outcome o : outcomes) {
            md.append(String.format(Locale.ROOT, "| %s | %.3g | %.3g / %.3g |", o.c().name(), o.bestLr(),
                    o.bestScore(), o.untrained()));
            for (Method m : methods) {
                double[] t = totals.computeIfAbsent(m, k -> new double[4]);
                Double lr = o.suggested().get(m);
                if (lr == null) {
                    md.append(" none |");
                    t[3]++;
                    continue;
                }
                double decades = Math.log10(lr / o.bestLr());
                double regret = o.regret().get(m);
                md.append(String.format(Locale.ROOT, " %.3g (%+.2f; %.2f) |", lr, decades, regret));
                t[0] += regret;
                t[1] += Math.abs(decades);
                t[2] += Math.abs(decades) <= Math.log10(3) ? 1 : 0;
            }
            md.append('\n');
        }
        md.append("\n| method | mean regret | mean distance (decades) | within 3x of best | cases without answer |\n");
        md.append("|---|---|---|---|---|\n");
        for (Method m : methods) {
            double[] t = totals.getOrDefault(m, new double[4]);
            int answered = outcomes.size() - (int) t[3];
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d/%d | %d |%n", m.id(),
                    answered > 0 ? String.format(Locale.ROOT, "%.3f", t[0] / answered) : "-",
                    answered > 0 ? String.format(Locale.ROOT, "%.2f", t[1] / answered) : "-",
                    (int) t[2], answered, (int) t[3]));
        }
        return md.toString();
    }
}
