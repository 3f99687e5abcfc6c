package dev.lrfinder.bench;

import dev.lrfinder.Backends;
import dev.lrfinder.analysis.RobustLoessSmoothing;
import dev.lrfinder.analysis.Smoothing;
import dev.lrfinder.report.AtomicFiles;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepData;
import dev.lrfinder.sweep.SweepListener;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskKind;
import dev.lrfinder.task.TaskSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evidence behind the default smoothing (docs/evidence/smoothing.md): on {@code find}'s tasks,
 * {@link #RUNS} range tests each (find's defaults, seeds 100-104), every smoothing's curve compared
 * with a reference that has neither lag nor much noise, the step-by-step median of the runs' raw
 * losses (the runs share the lr schedule, so step i is the same lr in each):
 * <ul>
 *   <li><b>lag</b>: the shift, in steps, that brings a run's smoothed curve closest (mean |log ratio|)
 *       to the reference; positive = late;</li>
 *   <li><b>min lag</b>: steps from the reference's minimum to the smoothed curve's;</li>
 *   <li><b>error</b>: the mean |log ratio| to the reference without any shift, what a reader sees;</li>
 *   <li><b>noise</b>: the RMS of the second difference of the smoothed log loss, per step (the raw
 *       curve's for comparison).</li>
 * </ul>
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.lrfinder.bench.SmoothingEvidence docs/evidence/smoothing.md</pre>
 */
public final class SmoothingEvidence {
    static final int RUNS = 5;
    static final long SEED = 100;
    static final int MAX_SHIFT = 30;

    record Task(String name, TaskSpec task, ModelSpec model, SweepConfig config) {}

    record Reading(String label, Smoothing smoothing) {}

    private SmoothingEvidence() {}

    /**
     * The zero-phase alternative measured against the LOESS: a centred running median of {@code
     * MEDIAN_WINDOW}, then an EMA of weight {@code factor} run forwards and then backwards (scipy's
     * filtfilt), each end extended by its odd reflection about a least-squares line through its last
     * {@code 1/factor} points, each pass started in its steady state on that line. Linear, so the blow-up
     * at the end of a sweep leaks backwards over the minimum: the evidence's "min lag".
     */
    record ForwardBackwardEma(double factor) implements Smoothing {

        /**
         * Points of the centred running median applied first: 5 removes any run of up to two outlying
         * batches and moves a real turn by no step.
         */
        public static final int MEDIAN_WINDOW = 5;

        @Override
        public String id() {
            return "zero-phase";
        }

        @Override
        public double[] smooth(double[] log10Lr, double[] losses) {
                    int n = losses.length;
            if (n < 3) {
                return losses.clone();
            }
            double[] median = RobustLoessSmoothing.centredMedian(losses, MEDIAN_WINDOW);
            int pad = Math.min(n - 1, (int) Math.ceil(3 / factor));
            int edge = Math.min(n, Math.max(2, (int) Math.ceil(1 / factor)));
            double left = lineAt(median, 0, edge, 0);
            double right = lineAt(median, n - edge, n, n - 1);
            double leftSlope = lineAt(median, 0, edge, 1) - left;
            double rightSlope = right - lineAt(median, n - edge, n, n - 2);
            double[] padded = new double[n + 2 * pad];
            for (int k = 1; k <= pad; k++) {
                padded[pad - k] = 2 * left - median[k];
                padded[pad + n - 1 + k] = 2 * right - median[n - 1 - k];
            }
            System.arraycopy(median, 0, padded, pad, n);
            double keep = 1 - factor;
            // Each pass starts in the state it would have reached on the edge's line (an EMA trails a
            // line by slope * (1 - f) / f, and its state is one step behind), so a straight curve comes
            // out exactly as it went in.
            double state = padded[0] - leftSlope / factor;
            for (int i = 0; i < padded.length; i++) {
                state = factor * padded[i] + keep * state;
                padded[i] = state;
            }
            state = padded[padded.length - 1] + rightSlope / factor;
            for (int i = padded.length - 1; i >= 0; i--) {
                state = factor * padded[i] + keep * state;
                padded[i] = state;
            }
            return Arrays.copyOfRange(padded, pad, pad + n);
        }

        /** The least-squares line through {@code (i, values[i])}, {@code from <= i < to}, evaluated at {@code at}. */
        static double lineAt(double[] values, int from, int to, int at) {
            int k = to - from;
            double meanX = (from + to - 1) / 2.0;
            double meanY = 0;
            for (int i = from; i < to; i++) {
                meanY += values[i];
            }
            meanY /= k;
            double sxy = 0;
            double sxx = 0;
            for (int i = from; i < to; i++) {
                sxy += (i - meanX) * (values[i] - meanY);
                sxx += (i - meanX) * (i - meanX);
            }
            return sxx > 0 ? meanY + sxy / sxx * (at - meanX) : meanY;
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/evidence/smoothing.md");
        SweepBackend backend = Backends.byId(System.getProperty("lrfinder.evidence.backend", "native"));
        SweepConfig defaults = SweepConfig.builder().build();
        ModelSpec mlp = ModelSpec.defaults(ModelSpec.Kind.MLP);
        List<Task> tasks = List.of(
                new Task("find (patterns, mlp, sgd)", TaskSpec.defaults(), mlp, defaults),
                new Task("find --task spirals", TaskSpec.defaults(TaskKind.byId("spirals")), mlp, defaults),
                new Task("find --task spirals --optimizer adam", TaskSpec.defaults(TaskKind.byId("spirals")), mlp,
                        defaults.toBuilder().optOptimizer(OptimizerSpec.of(OptimizerKind.ADAM)).build()),
                new Task("find --task blobs", TaskSpec.defaults(TaskKind.byId("blobs")), mlp, defaults),
                new Task("find --task regression", TaskSpec.defaults(TaskKind.byId("regression")), mlp, defaults));
        List<Reading> readings = List.of(
                new Reading("ema 0.05 (torch-lr-finder; the rules' before)", Smoothing.ema()),
                new Reading("debiased-ema 0.98 (fastai)", Smoothing.debiasedEma()),
                new Reading("robust (median 5 + LOESS 0.15, the default)", Smoothing.robust()),
                new Reading("robust, bandwidth 0.1", Smoothing.robust(0.1)),
                new Reading("robust, bandwidth 0.25", Smoothing.robust(0.25)),
                new Reading("forward-backward EMA 0.1", new ForwardBackwardEma(0.1)),
                new Reading("forward-backward EMA 0.2", new ForwardBackwardEma(0.2)),
                new Reading("forward-backward EMA 0.3", new ForwardBackwardEma(0.3)),
                new Reading("none (raw)", Smoothing.none()));
        StringBuilder md = new StringBuilder();
        md.append("# Which smoothing the curve is read and drawn with\n\n")
                .append("Made by `dev.lrfinder.bench.SmoothingEvidence` (")
                .append(backend.id()).append(" backend). On each task, ").append(RUNS)
                .append(" range tests with find's defaults (lr 1e-7 to 10, 100 steps, seeds 100-104). The reference is ")
                .append("the step-by-step median of the runs' raw losses: the runs share the lr schedule, so it has no lag, ")
                .append("and the median of 5 takes out most of the batch noise. For each smoothing, over every run and ")
                .append("the steps where at least 3 runs have a loss: **lag** = the shift in steps that brings the smoothed ")
                .append("curve closest to the reference (mean |ln ratio|), positive = late; **min lag** = steps from the ")
                .append("reference's minimum to the smoothed curve's; **error** = mean |ln ratio| to the reference, unshifted; ")
                .append("**noise** = RMS of the second difference of ln(smoothed loss) per step; **at fall** = smoothed / ")
                .append("reference at the step where the reference has made 90% of its fall.\n\n");
        Map<String, double[]> totals = new LinkedHashMap<>();
        for (Task task : tasks) {
            SweepData data = SweepData.of(task.task().trainingData());
            List<double[]> losses = new ArrayList<>();
            double[] lrs = null;
            for (int r = 0; r < RUNS; r++) {
                var curve = backend.run(data, task.model(), task.config().toBuilder().optSeed(SEED + r).build(),
                        SweepListener.NONE).curve();
                losses.add(curve.losses());
                if (lrs == null || curve.lrs().length > lrs.length) {
                    lrs = curve.lrs();
                }
            }
            double[] reference = reference(losses, lrs.length);
            int ends = 0;
            for (double v : reference) {
                ends += Double.isFinite(v) ? 1 : 0;
            }
            md.append("## ").append(task.name()).append("\n\n").append("Runs stop at steps ");
            for (double[] l : losses) {
                md.append(l.length).append(' ');
            }
            md.append("(the reference covers ").append(ends).append(").\n\n")
                    .append("| smoothing | lag (steps) | min lag (steps) | error | noise | at fall |\n|---|---|---|---|---|---|\n");
            for (Reading reading : readings) {
                double[] m = measure(reading.smoothing(), lrs, losses, reference);
                md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.3f | %.4f | %.2f |%n", reading.label(), m[0], m[1],
                        m[2], m[3], m[4]));
                double[] t = totals.computeIfAbsent(reading.label(), k -> new double[5]);
                for (int i = 0; i < 5; i++) {
                    t[i] += m[i] / tasks.size();
                }
            }
            md.append('\n');
            System.err.println("measured " + task.name());
        }
        md.append("## Mean over the tasks\n\n| smoothing | lag (steps) | min lag (steps) | error | noise | at fall |\n")
                .append("|---|---|---|---|---|---|\n");
        totals.forEach((label, t) -> md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.3f | %.4f | %.2f |%n",
                label, t[0], t[1], t[2], t[3], t[4])));
        double[] robust = totals.get(readings.get(2).label());
        double[] ema = totals.get(readings.get(0).label());
        double[] fastai = totals.get(readings.get(1).label());
        md.append(String.format(Locale.ROOT, "%nThe default (robust) is shifted by %.1f steps from the reference on average (negative: early), the EMAs trail it by"
                + " %.1f (torch-lr-finder's) and %.1f (fastai's); its error to the reference is %.3f against %.3f and %.3f,"
                + " and where the reference has made 90%% of its fall it draws %.2fx the reference's loss against %.2fx and"
                + " %.2fx. Its noise (%.4f) is of the EMAs' order (%.4f and %.4f). The forward-backward EMA has no lag either, but it"
                + " is linear: the blow-up that ends a sweep leaks backwards over the minimum (min lag %.0f to %.0f steps)."
                + " LOESS's own bisquare iterations, used before the median, took a stopped sweep's last few rising steps"
                + " for outliers and drew the end flat; the median of 5 leaves the ends as recorded.%n",
                robust[0], ema[0], fastai[0], robust[2], ema[2], fastai[2], robust[4], ema[4], fastai[4], robust[3], ema[3],
                fastai[3], totals.get(readings.get(7).label())[1], totals.get(readings.get(5).label())[1]));
        appendPastDivergence(md, Path.of(args.length > 1 ? args[1] : "bench/target/evidence-recommendation-cache.json"));
        AtomicFiles.writeString(out, md.toString());
        System.out.print(md);
    }

    /**
     * On the recommendation evidence's range tests (read from its cache, recorded with the current
     * divergence stop), how many runs answer past where their own loss turned up for good: steep, and
     * the OneCycle rule, against ten times the run's divergence answer (the lr of the turn).
     */
    static void appendPastDivergence(StringBuilder md, Path cacheFile) throws java.io.IOException {
        if (!java.nio.file.Files.exists(cacheFile)) {
            return;
        }
        FitCache cache = FitCache.open(cacheFile);
        int runs = 0;
        int turned = 0;
        int steepBefore = 0;
        int steepNow = 0;
        int ruleBefore = 0;
        int ruleNow = 0;
        dev.lrfinder.analysis.TargetRule rule = dev.lrfinder.analysis.TargetRule.of(dev.lrfinder.sweep.TrainingSchedule.ONE_CYCLE);
        for (EvidenceTask task : EvidenceTask.all()) {
            for (int r = 0; r < RecommendationEvidence.RANGE_RUNS; r++) {
                double[][] c = cache.curve(task.name() + "|range|" + r);
                if (c == null) {
                    return;
                }
                int k = 0;
                while (k < c[1].length && Double.isFinite(c[1][k])) {
                    k++;
                }
                double[] lrs = Arrays.copyOf(c[0], k);
                double[] loss = Arrays.copyOf(c[1], k);
                runs++;
                var options = dev.lrfinder.analysis.AnalysisOptions.builder()
                        .optDivergence(dev.lrfinder.sweep.DivergenceRule.none()).build();
                var now = dev.lrfinder.analysis.CurveAnalysis.analyze(lrs, loss, options);
                double turn = 10 * now.suggestion(dev.lrfinder.analysis.Method.DIVERGENCE).lr();
                if (!(turn > 0)) {
                    continue;
                }
                turned++;
                // Before: steep on torch-lr-finder's EMA over the whole curve, times 0.316 for OneCycle.
                double[] x = new double[k];
                for (int i = 0; i < k; i++) {
                    x[i] = Math.log10(lrs[i]);
                }
                double[] e = Smoothing.ema().smooth(x, loss);
                int best = -1;
                double slope = 0;
                for (int i = 0; i + 1 < k; i++) {
                    double d = (e[i + 1] - e[i]) / (x[i + 1] - x[i]);
                    if (d < slope) {
                        slope = d;
                        best = i;
                    }
                }
                double before = best < 0 ? Double.NaN : lrs[best];
                steepBefore += before > turn ? 1 : 0;
                ruleBefore += before * 0.316 > turn ? 1 : 0;
                steepNow += now.suggestion(dev.lrfinder.analysis.Method.STEEP).lr() > turn ? 1 : 0;
                ruleNow += now.suggestion(rule.method()).lr() * rule.factor() > turn ? 1 : 0;
            }
        }
        md.append(String.format(Locale.ROOT, "%n## Answers past the run's own divergence%n%nOn the %d range tests of "
                + "docs/evidence/recommendation.md (13 tasks x 5 seeds, recorded with the sweep's current stop), %d turn up "
                + "for good (divergence answers). Of those, steep as read before (torch-lr-finder's EMA, the whole curve) "
                + "answered past the turn (10 x the divergence answer) in %d, the OneCycle rule before (steep x0.316 on ema) "
                + "in %d; now steep does in %d and the OneCycle rule (%s) in %d.%n", runs, turned, steepBefore, ruleBefore,
                steepNow, rule.describe(), ruleNow));
    }

    /** The step-by-step median of the runs' losses where at least 3 have one, else NaN. */
    static double[] reference(List<double[]> losses, int n) {
        double[] ref = new double[n];
        for (int i = 0; i < n; i++) {
            List<Double> at = new ArrayList<>();
            for (double[] l : losses) {
                if (i < l.length && Double.isFinite(l[i])) {
                    at.add(l[i]);
                }
            }
            if (at.size() < 3) {
                ref[i] = Double.NaN;
                continue;
            }
            at.sort(Double::compare);
            int k = at.size();
            ref[i] = k % 2 == 1 ? at.get(k / 2) : (at.get(k / 2 - 1) + at.get(k / 2)) / 2;
        }
        return ref;
    }

    /** lag, min lag, error, noise, ratio at the fall; means over the runs. */
    static double[] measure(Smoothing smoothing, double[] lrs, List<double[]> runs, double[] ref) {
        double[] sum = new double[5];
        int refMin = argmin(ref, ref.length);
        double refTop = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= refMin; i++) {
            if (Double.isFinite(ref[i])) {
                refTop = Math.max(refTop, ref[i]);
            }
        }
        int fall = refMin;
        for (int i = 0; i <= refMin; i++) {
            if (Double.isFinite(ref[i]) && ref[i] <= ref[refMin] + 0.1 * (refTop - ref[refMin])) {
                fall = i;
                break;
            }
        }
        int counted = 0;
        for (double[] raw : runs) {
            int n = raw.length;
            while (n > 0 && !Double.isFinite(raw[n - 1])) {
                n--;
            }
            if (n < 10) {
                continue;
            }
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = Math.log10(lrs[i]);
            }
            double[] s = smoothing.smooth(x, java.util.Arrays.copyOf(raw, n));
            int bestShift = 0;
            double bestError = Double.POSITIVE_INFINITY;
            for (int k = -MAX_SHIFT; k <= MAX_SHIFT; k++) {
                double e = error(s, ref, k);
                if (e < bestError) {
                    bestError = e;
                    bestShift = k;
                }
            }
            sum[0] += bestShift;
            sum[1] += argmin(s, Math.min(n, ref.length)) - refMin;
            sum[2] += error(s, ref, 0);
            double rough = 0;
            int m = 0;
            for (int i = 1; i + 1 < n; i++) {
                if (s[i - 1] > 0 && s[i] > 0 && s[i + 1] > 0) {
                    double d = Math.log(s[i + 1]) - 2 * Math.log(s[i]) + Math.log(s[i - 1]);
                    rough += d * d;
                    m++;
                }
            }
            sum[3] += Math.sqrt(rough / Math.max(1, m));
            sum[4] += fall < n && s[fall] > 0 ? s[fall] / ref[fall] : Double.NaN;
            counted++;
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= counted;
        }
        return sum;
    }

    /** Mean |ln(s[i + shift] / ref[i])| where both exist and are positive. */
    static double error(double[] s, double[] ref, int shift) {
        double total = 0;
        int m = 0;
        for (int i = 0; i < ref.length; i++) {
            int j = i + shift;
            if (j >= 0 && j < s.length && Double.isFinite(ref[i]) && ref[i] > 0 && s[j] > 0) {
                total += Math.abs(Math.log(s[j] / ref[i]));
                m++;
            }
        }
        return m < 20 ? Double.POSITIVE_INFINITY : total / m;
    }

    static int argmin(double[] values, int n) {
        int best = -1;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(values[i]) && (best < 0 || values[i] < values[best])) {
                best = i;
            }
        }
        return best;
    }
}
