package dev.lrfinder.bench;

import dev.lrfinder.Backends;
import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.Compat;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.analysis.Method;
import dev.lrfinder.analysis.Smoothing;
import dev.lrfinder.analysis.Suggestion;
import dev.lrfinder.analysis.TargetRule;
import dev.lrfinder.analysis.Verification;
import dev.lrfinder.report.AtomicFiles;
import dev.lrfinder.sweep.LossCurve;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepData;
import dev.lrfinder.sweep.SweepListener;
import dev.lrfinder.sweep.TrainingSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The evidence behind each target's rule and behind {@code --verify}: on {@link EvidenceTask#all()},
 * range tests, ground truth from grid fits (1e-8 to 10, 4 per decade, {@link #GRID_SEEDS} seeds, per
 * target schedule, the task's own budget, scored on held-out data), and for every rule (method x
 * smoothing x factor, and the other tools' rules) the share of tasks within 10% of the grid's best,
 * the median and the worst regret, for one run, for the geometric mean of {@link #RANGE_RUNS} runs,
 * and verified by short fits. Writes docs/evidence/recommendation.md and the README's figures.
 *
 * <pre>native-scripts/evidence-recommendation</pre>
 *
 * <p>Every fit's result is cached by key in a JSON file (default {@code
 * target/evidence-recommendation-cache.json}), so changing how rules are scored re-reads it.
 */
public final class RecommendationEvidence {
    static final int RANGE_RUNS = 5;
    static final long RANGE_SEED = 100;
    static final int GRID_SEEDS = 3;
    static final long GRID_SEED = 200;
    static final int GRID_POINTS = 37;
    static final double GRID_FROM = -8;
    static final double GRID_STEP = 0.25;
    /** Fits at once: one per core of the 2-core machine the evidence is made on. */
    static final int PARALLEL = 2;
    static final double WITHIN = 0.10;
    static final List<TrainingSchedule> TARGETS = List.of(TrainingSchedule.ONE_CYCLE, TrainingSchedule.CONSTANT,
            TrainingSchedule.COSINE);
    /** --verify-steps values tried; 0 stands for the task's own budget. */
    static final int[] VERIFY_STEPS = {50, 100, 200, 0};
    static final List<String> SMOOTHINGS = List.of("debiased-ema", "ema", "robust", "none");
    static final double[] FACTORS = {0.1, 0.178, 0.316, 0.562, 1, 1.78, 3.16, 5.62, 10};

    /** A rule: a method on one pipeline's reading (a smoothing, or another tool's), times a factor. */
    record Rule(String label, String pipeline, Method method, double factor) {
        String describe() {
            return label != null ? label : method.id() + " x" + fmt(factor) + " (" + pipeline + ")";
        }
    }

    record Stats(double share, double median, double worst, int within, int count) {
        static Stats of(List<Double> regrets) {
            double[] r = regrets.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int within = (int) Arrays.stream(r).filter(x -> x <= WITHIN).count();
            double median = r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
            return new Stats(within / (double) r.length, median, r[r.length - 1], within, r.length);
        }
    }

    /** Everything measured on one task. */
    record Measured(EvidenceTask task, Map<String, List<AnalysisResult>> readings, Map<TrainingSchedule, double[]> grid,
            double rangeSeconds) {
        double best(TrainingSchedule s) {
            return Arrays.stream(grid.get(s)).min().orElseThrow();
        }

        double bestLr(TrainingSchedule s) {
            double[] g = grid.get(s);
            int b = 0;
            for (int i = 1; i < g.length; i++) {
                if (g[i] < g[b]) {
                    b = i;
                }
            }
            return gridLr(b);
        }

        /** Validation loss at {@code lr}: linear in log10 rate between grid points, else the nearer point's. */
        double lossAt(TrainingSchedule s, double lr) {
            double[] g = grid.get(s);
            double x = (Math.log10(lr) - GRID_FROM) / GRID_STEP;
            if (!(x > 0)) {
                return g[0];
            }
            if (x >= g.length - 1) {
                return g[g.length - 1];
            }
            int i = (int) Math.floor(x);
            double t = x - i;
            if (Double.isFinite(g[i]) && Double.isFinite(g[i + 1])) {
                return Math.exp(Math.log(g[i]) * (1 - t) + Math.log(g[i + 1]) * t);
            }
            return t < 0.5 ? g[i] : g[i + 1];
        }

        double regret(TrainingSchedule s, double lr) {
            if (!(lr > 0) || !Double.isFinite(lr)) {
                return Double.POSITIVE_INFINITY;
            }
            double regret = lossAt(s, lr) / best(s) - 1;
            return Double.isNaN(regret) ? Double.POSITIVE_INFINITY : regret;
        }

        /** Each run's answer under {@code rule}, NaN where it gave none. */
        double[] answers(Rule rule) {
            List<AnalysisResult> runs = readings.get(rule.pipeline());
            double[] a = new double[runs.size()];
            for (int i = 0; i < a.length; i++) {
                Suggestion s = runs.get(i).suggestion(rule.method());
                a[i] = s.isPresent() ? s.lr() * rule.factor() : Double.NaN;
            }
            return a;
        }

        double geometricMean(Rule rule) {
            double sum = 0;
            int n = 0;
            for (double a : answers(rule)) {
                if (!Double.isNaN(a)) {
                    sum += Math.log(a);
                    n++;
                }
            }
            return n == 0 ? Double.NaN : Math.exp(sum / n);
        }
    }

    private RecommendationEvidence() {}

    static double gridLr(int i) {
        return Math.pow(10, GRID_FROM + i * GRID_STEP);
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/evidence/recommendation.md");
        Path cacheFile = Path.of(args.length > 1 ? args[1] : "bench/target/evidence-recommendation-cache.json");
        Path readme = args.length > 2 ? Path.of(args[2]) : null;
        SweepBackend backend = Backends.byId(System.getProperty("lrfinder.evidence.backend", "native"));
        Files.createDirectories(cacheFile.toAbsolutePath().getParent());
        FitCache cache = FitCache.open(cacheFile);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        List<Measured> measured = new ArrayList<>();
        try {
            // The two schedules the brief asks for first, on every task; then cosine.
            for (List<TrainingSchedule> pass : List.of(TARGETS.subList(0, 2), TARGETS.subList(2, TARGETS.size()))) {
                for (EvidenceTask task : EvidenceTask.all()) {
                    measure(backend, task, cache, pool, pass);
                    cache.save();
                    System.err.printf(Locale.ROOT, "measured %s, %s (%.0f s so far)%n", task.name(), pass,
                            (System.nanoTime() - start) / 1e9);
                }
            }
            for (EvidenceTask task : EvidenceTask.all()) {
                measured.add(measure(backend, task, cache, pool, TARGETS));
            }
            List<Rule> rules = rules();
            Map<TrainingSchedule, Rule> chosen = new LinkedHashMap<>();
            for (TrainingSchedule target : TARGETS) {
                chosen.put(target, choose(measured, rules, target));
            }
            Map<TrainingSchedule, Map<Integer, VerifyOutcome>> verified = new LinkedHashMap<>();
            for (TrainingSchedule target : TARGETS) {
                Map<Integer, VerifyOutcome> bySteps = new LinkedHashMap<>();
                for (int steps : VERIFY_STEPS) {
                    bySteps.put(steps, verify(backend, measured, chosen.get(target), target, steps, cache, pool));
                }
                verified.put(target, bySteps);
                cache.save();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            EvidenceDocument doc = new EvidenceDocument(measured, rules, chosen, verified, seconds);
            AtomicFiles.writeString(out, doc.markdown());
            if (readme != null) {
                AtomicFiles.writeString(readme, doc.updateReadme(Files.readString(readme)));
            }
            System.out.print(doc.summary());
        } finally {
            pool.shutdownNow();
            cache.save();
        }
    }

    static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (String smoothing : SMOOTHINGS) {
            for (Method method : Method.values()) {
                for (double factor : FACTORS) {
                    rules.add(new Rule(null, smoothing, method, factor));
                }
            }
        }
        return rules;
    }

    /** The other tools' rules and lrfinder's before this evidence, as the tables name them. */
    static List<Rule> anchors() {
        return List.of(
                new Rule("fastai valley", "fastai", Method.VALLEY, 1),
                new Rule("fastai minimum/10", "fastai", Method.MINIMUM, 1),
                new Rule("fastai steep", "fastai", Method.STEEP, 1),
                new Rule("Lightning steepest", "lightning", Method.STEEPEST, 1),
                new Rule("torch-lr-finder steepest", "torch-lr-finder", Method.STEEPEST, 1),
                new Rule("lrfinder before: divergence", "debiased-ema", Method.DIVERGENCE, 1),
                new Rule("lrfinder before: OneCycle peak (divergence x3)", "debiased-ema", Method.DIVERGENCE, 3));
    }

    /** The engine's rule for {@code target}, in the evidence's terms. */
    static Rule engineRule(TrainingSchedule target) {
        TargetRule rule = TargetRule.of(target);
        return new Rule("lrfinder now: " + rule.describe(), rule.smoothing().id(), rule.method(), rule.factor());
    }

    /**
     * Most tasks within 10% for the geometric mean of the runs; then the lowest median regret; then
     * the lowest worst (most rules diverge somewhere, so the worst rarely decides).
     */
    static Comparator<Rule> ranking(List<Measured> measured, TrainingSchedule target) {
        return Comparator.comparingDouble((Rule r) -> -multiRun(measured, r, target).share())
                .thenComparingDouble(r -> multiRun(measured, r, target).median())
                .thenComparingDouble(r -> multiRun(measured, r, target).worst());
    }

    static Rule choose(List<Measured> measured, List<Rule> rules, TrainingSchedule target) {
        return rules.stream().min(ranking(measured, target)).orElseThrow();
    }

    static Stats singleRun(List<Measured> measured, Rule rule, TrainingSchedule target) {
        List<Double> regrets = new ArrayList<>();
        for (Measured m : measured) {
            for (double a : m.answers(rule)) {
                regrets.add(m.regret(target, a));
            }
        }
        return Stats.of(regrets);
    }

    static Stats multiRun(List<Measured> measured, Rule rule, TrainingSchedule target) {
        List<Double> regrets = new ArrayList<>();
        for (Measured m : measured) {
            regrets.add(m.regret(target, m.geometricMean(rule)));
        }
        return Stats.of(regrets);
    }

    /** Verification of {@code rule}'s answer on every task, with fits of {@code steps} (0: the task's budget). */
    record VerifyOutcome(int steps, List<Verification> perTask, List<Double> regrets, Stats stats, double fitSeconds,
            double rangeSeconds, Map<String, Stats> variants) {}

    /** Ways to read a rate off the same verification fits, compared in the document. */
    static final List<String> VARIANTS = List.of("parabola vertex (the verified rate)", "best candidate",
            "geometric centre of the good range", "lower end of the good range");

    static double variant(String name, Verification v) {
        return switch (VARIANTS.indexOf(name)) {
            case 0 -> v.verifiedLr();
            case 1 -> v.candidates()[v.bestIndex()];
            case 2 -> Math.sqrt(v.goodFrom() * v.goodTo());
            case 3 -> v.goodFrom();
            default -> throw new IllegalArgumentException(name);
        };
    }

    static VerifyOutcome verify(SweepBackend backend, List<Measured> measured, Rule rule, TrainingSchedule target,
            int steps, FitCache cache, ExecutorService pool) throws Exception {
        List<Verification> perTask = new ArrayList<>();
        List<Double> regrets = new ArrayList<>();
        double fitSeconds = 0;
        double rangeSeconds = 0;
        for (Measured m : measured) {
            double[] answers = m.answers(rule);
            double low = Arrays.stream(answers).filter(a -> !Double.isNaN(a)).min().orElse(Double.NaN);
            double high = Arrays.stream(answers).filter(a -> !Double.isNaN(a)).max().orElse(Double.NaN);
            double rec = m.geometricMean(rule);
            if (Double.isNaN(rec)) {
                perTask.add(null);
                regrets.add(Double.POSITIVE_INFINITY);
                continue;
            }
            double[] candidates = Verification.candidates(rec, low, high, Verification.DEFAULT_CANDIDATES);
            int fitSteps = steps == 0 ? m.task().steps() : steps;
            SweepData data = m.task().data();
            double[] losses = new double[candidates.length];
            List<Future<double[]>> jobs = new ArrayList<>();
            for (double candidate : candidates) {
                String key = m.task().name() + "|verify|" + target.id() + "|" + fitSteps + "|" + candidate;
                jobs.add(pool.submit(() -> {
                    Double cached = cache.loss(key);
                    Double cachedSeconds = cache.loss(key + "|seconds");
                    if (cached != null && cachedSeconds != null) {
                        return new double[] {cached, cachedSeconds};
                    }
                    long t0 = System.nanoTime();
                    SweepConfig config = m.task().config().toBuilder().optSteps(fitSteps).optSeed(RANGE_SEED).build();
                    double loss = backend.fit(data, m.task().model(), config, target, candidate).validationLoss();
                    double s = (System.nanoTime() - t0) / 1e9;
                    cache.putLoss(key, loss);
                    cache.putLoss(key + "|seconds", s);
                    return new double[] {loss, s};
                }));
            }
            double taskFitSeconds = 0;
            for (int i = 0; i < jobs.size(); i++) {
                double[] r = jobs.get(i).get();
                losses[i] = r[0];
                taskFitSeconds += r[1];
            }
            // Wall time with PARALLEL fits at once, as --verify runs them, against the range tests alone.
            double wall = taskFitSeconds / Math.min(PARALLEL, candidates.length);
            Verification v = Verification.of(target, fitSteps, candidates, losses, wall, "held-out 20%");
            perTask.add(v);
            regrets.add(v.isPresent() ? m.regret(target, v.verifiedLr()) : Double.POSITIVE_INFINITY);
            fitSeconds += wall;
            rangeSeconds += m.rangeSeconds();
        }
        Map<String, Stats> variants = new LinkedHashMap<>();
        for (String name : VARIANTS) {
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < measured.size(); i++) {
                Verification v = perTask.get(i);
                r.add(v == null || !v.isPresent() ? Double.POSITIVE_INFINITY : measured.get(i).regret(target, variant(name, v)));
            }
            variants.put(name, Stats.of(r));
        }
        return new VerifyOutcome(steps, perTask, regrets, Stats.of(regrets), fitSeconds, rangeSeconds, variants);
    }

    static Measured measure(SweepBackend backend, EvidenceTask task, FitCache cache, ExecutorService pool,
            List<TrainingSchedule> schedules) throws Exception {
        SweepData data = task.data();
        SweepData train = SweepData.of(data.train());
        List<double[][]> curves = new ArrayList<>();
        double rangeSeconds = 0;
        List<Future<double[][]>> rangeJobs = new ArrayList<>();
        for (int r = 0; r < RANGE_RUNS; r++) {
            String key = task.name() + "|range|" + r;
            long seed = RANGE_SEED + r;
            rangeJobs.add(pool.submit(() -> {
                double[][] cached = cache.curve(key);
                Double cachedSeconds = cache.loss(key + "|seconds");
                if (cached != null && cachedSeconds != null) {
                    return new double[][] {cached[0], cached[1], {cachedSeconds}};
                }
                long t0 = System.nanoTime();
                LossCurve curve = backend.run(train, task.model(), task.config().toBuilder().optSeed(seed).build(),
                        SweepListener.NONE).curve();
                double s = (System.nanoTime() - t0) / 1e9;
                cache.putCurve(key, curve.lrs(), curve.losses());
                cache.putLoss(key + "|seconds", s);
                return new double[][] {curve.lrs(), curve.losses(), {s}};
            }));
        }
        for (Future<double[][]> job : rangeJobs) {
            double[][] c = job.get();
            curves.add(c);
            rangeSeconds += c[2][0];
        }
        rangeSeconds /= Math.min(PARALLEL, RANGE_RUNS); // as find runs them, PARALLEL at once
        Map<String, List<AnalysisResult>> readings = new LinkedHashMap<>();
        for (String smoothing : SMOOTHINGS) {
            AnalysisOptions options = AnalysisOptions.builder().optSmoothing(Smoothing.byName(smoothing)).build();
            readings.put(smoothing, curves.stream().map(c -> CurveAnalysis.analyze(c[0], c[1], options)).toList());
        }
        for (Compat compat : Compat.values()) {
            readings.put(compat.id(), curves.stream()
                    .map(c -> compat.analyze(c[0], c[1], SweepConfig.DEFAULT_STEPS)).toList());
        }
        Map<TrainingSchedule, double[]> grid = new LinkedHashMap<>();
        for (TrainingSchedule schedule : schedules) {
            List<Future<Double>> jobs = new ArrayList<>();
            for (int i = 0; i < GRID_POINTS; i++) {
                for (int s = 0; s < GRID_SEEDS; s++) {
                    String key = task.name() + "|grid|" + schedule.id() + "|" + i + "|" + s;
                    double lr = gridLr(i);
                    long seed = GRID_SEED + s;
                    jobs.add(pool.submit(() -> {
                        Double cached = cache.loss(key);
                        if (cached != null) {
                            return cached;
                        }
                        SweepConfig config = task.config().toBuilder().optSteps(task.steps()).optSeed(seed).build();
                        double loss = backend.fit(data, task.model(), config, schedule, lr).validationLoss();
                        cache.putLoss(key, loss);
                        return loss;
                    }));
                }
            }
            double[] mean = new double[GRID_POINTS];
            for (int i = 0; i < GRID_POINTS; i++) {
                double sum = 0;
                for (int s = 0; s < GRID_SEEDS; s++) {
                    sum += jobs.get(i * GRID_SEEDS + s).get();
                }
                mean[i] = sum / GRID_SEEDS; // a seed that diverged makes the rate +infinity
            }
            grid.put(schedule, mean);
        }
        return new Measured(task, readings, grid, rangeSeconds);
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return "diverged";
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
