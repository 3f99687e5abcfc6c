package dev.lrfinder.cli;

import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.analysis.CurveRegions;
import dev.lrfinder.analysis.Method;
import dev.lrfinder.analysis.MethodStatistics;
import dev.lrfinder.analysis.MissingRun;
import dev.lrfinder.analysis.Recommendation;
import dev.lrfinder.analysis.Suggestion;
import dev.lrfinder.analysis.Verification;
import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.report.HeadlineCurve;
import dev.lrfinder.report.ReportContext;
import dev.lrfinder.sweep.BackendChoice;
import dev.lrfinder.sweep.Precision;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepCurve;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.sweep.TrainingSchedule;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The terminal summary of find and analyze, its sentences wrapped at spaces to the terminal's width, at
 * most {@link #MAX_WIDTH} columns (but for file names): what was run, the runs,
 * per run the suggestions, per method the statistics with the recommended one marked, and the
 * recommendation in two sentences. With one run: each suggestion with its reason, and where the
 * curve falls and diverges. The full reasoning is in report.json.
 */
final class Summary {
    private static final int METHOD_COLUMN = 16;
    /**
     * The widest line of the summary's sentences, also when stdout is not a terminal: longer lines
     * read badly. cargo's argument parser (clap) wraps its help the same way: at the terminal's width,
     * at most 100 columns.
     */
    static final int MAX_WIDTH = 100;
    /** Runs side by side in the per-run table; more runs continue in a second block. */
    private static final int RUNS_PER_BLOCK = 7;

    private final PrintWriter out;
    private final int width;

    /** A summary for stdout, wrapped to the terminal there is one. */
    Summary(PrintWriter out) {
        this(out, lineWidth(TerminalWidth.ofStdout()));
    }

    Summary(PrintWriter out, int width) {
        this.out = out;
        this.width = width;
    }

    /** The width sentences wrap at on a terminal of {@code columns} (0: not a terminal). */
    static int lineWidth(int columns) {
        return columns <= 0 ? MAX_WIDTH : Math.clamp(columns, TerminalWidth.MIN_COLUMNS, MAX_WIDTH);
    }

    void print(ReportContext context, List<AnalyzedRun> runs, AggregateSummary aggregate, HeadlineCurve headline,
            Optional<Verification> verification) {
        Recommendation rec = aggregate.recommendation();
        answer(rec, aggregate.statistics(rec.method()), runs, headline, verification);
        out.println();
        header(context, runs);
        out.println();
        runTable(runs);
        out.println();
        List<Method> methods = List.copyOf(runs.get(0).analysis().suggestions().keySet());
        Method recommended = rec.method();
        if (runs.size() > 1) {
            suggestionTable(runs, methods, recommended);
            out.println();
            statisticsTable(aggregate, recommended);
        } else {
            AnalysisResult only = runs.get(0).analysis();
            for (Method m : methods) {
                Suggestion s = only.suggestion(m);
                wrapped(String.format(Locale.ROOT, "%-" + METHOD_COLUMN + "s %-9s ", m.id() + (m == recommended ? " *" : ""),
                        s.isPresent() ? lr(s.lr()) : "none"), s.reason());
            }
        }
        out.println();
        curveSentence(runs, headline).lines().forEach(this::wrapped);
        out.println();
        why(rec, aggregate.statistics(recommended), runs);
        verification.ifPresent(v -> {
            out.println();
            VerificationSummary.costLine(v).filter(line -> v.isPresent()).ifPresent(this::wrapped);
            if (v.isPresent()) {
                VerificationSummary.divergenceNote(rec.lr(), headline).ifPresent(this::wrapped);
            }
            VerificationSummary.print(out, v, this::wrapped);
        });
    }

    /**
     * The answer, first: the rate, what it is for and how sure (one line), then a conservative choice
     * and the good range (one line). With no rate, why not and what to do.
     */
    private void answer(Recommendation rec, MethodStatistics stats, List<AnalyzedRun> runs, HeadlineCurve headline,
            Optional<Verification> verification) {
        if (!rec.isPresent()) {
            MissingRun first = stats.missing().get(0);
            wrapped("No recommended learning rate: no method gave an answer in any run (" + rec.method().id()
                    + ", run " + (first.run() + 1) + ": " + first.reason() + ").");
            sweepFurther(rec, runs);
            return;
        }
        Optional<Verification> verified = verification.filter(Verification::isPresent);
        if (verified.isPresent()) {
            Verification v = verified.get();
            // rec.lr() is the verified rate (Report.withVerification): the headline and report.json say one number.
            wrapped(AnswerLine.of(rec).verified(rec.lr(), "verified").text());
            double rangeTestLr = v.trail().map(t -> t.rangeTestLr()).orElse(Double.NaN);
            wrapped("Conservative: " + lr(v.goodFrom()) + " (the low end of the good range); " + VerificationSummary.range(v)
                    + (Double.isFinite(rangeTestLr) ? "; the range tests alone said " + lr(rangeTestLr) : "") + ".");
            return;
        }
        wrapped(AnswerLine.of(rec).text());
        verification.flatMap(Verification::trail).map(t -> t.unverifiedWhy()).filter(w -> w != null)
                .ifPresent(why -> wrapped("Not verified: " + why + "; this is the range tests' answer alone."));
        String curve = runs.size() > 1 ? "median curve" : "curve";
        StringBuilder next = new StringBuilder();
        if (stats.suggested() > 1) {
            next.append("Conservative: ").append(lr(rec.runsLow())).append(" (the lowest run)");
        } else {
            next.append("Conservative: not measured (one ").append(runs.get(0).sweep() != null
                    ? "run; --runs 3 measures the spread)" : "curve; analyze several to measure the spread)");
        }
        CurveRegions r = headline.regions();
        if (r.falls()) {
            double from = headline.lr(r.fallStart());
            double to = headline.lr(r.floorStart());
            next.append("; good range: ").append(lr(from)).append(" to ")
                    .append(lr(to)).append(", where the ").append(curve).append(" falls steeply");
            // A compat tool's rule knows nothing of this range (lrfinder's reading of the tool's curve): say so
            // rather than print an answer outside it as if it were inside.
            String pipeline = runs.get(0).analysis().pipeline();
            if (!pipeline.equals(CurveAnalysis.PIPELINE) && (rec.lr() < from || rec.lr() > to)) {
                next.append(" (").append(pipeline).append("'s ").append(rec.method().id()).append(", ")
                        .append(lr(rec.lr())).append(", lies ").append(rec.lr() < from ? "below" : "above")
                        .append(" it: the tool's rule does not read the curve's regions)");
            }
        }
        wrapped(next.append('.').toString());
    }

    private void header(ReportContext context, List<AnalyzedRun> runs) {
        if (context.data() != null) {
            context.data().lines().forEach(out::println); // what was read comes first
        }
        out.println(context.subject());
        SweepResult first = runs.get(0).sweep();
        String reading = context.smoothing() != null
                ? "smoothing " + context.smoothing()
                : context.pipeline() + "'s own pipeline";
        if (first != null) {
            SweepConfig c = first.config();
            var info = first.info();
            BackendChoice choice = context.backend();
            wrapped(String.format(Locale.ROOT, "%s backend (%s %s, %s, %d thread%s%s)%s%s", info.backend(), info.engine(),
                    info.engineVersion(), info.device(), info.threads(), info.threads() == 1 ? "" : "s",
                    c.precision() == Precision.FP32 ? "" : ", " + c.precision().id() + " autocast",
                    choice != null && !choice.requested().equals(choice.chosen())
                            ? ", " + choice.requested() + ": " + choice.reason() : "",
                    context.profile() != null ? ", profile " + context.profile() : ""));
            wrapped(String.format(Locale.ROOT, "%s, lr %s to %s %s over %d steps, batch %d%s; %d run%s, %s",
                    c.optimizer().describe(), lr(c.lrMin()), lr(c.lrMax()), c.schedule().id(), c.steps(), c.batchSize(),
                    c.accumulate() == 1 ? "" : " x " + c.accumulate() + " accumulated per step",
                    runs.size(), runs.size() == 1 ? "" : "s", reading));
            if (c.loss().kind() != null) { // null: a model and loss of the user's own
                out.println("loss: " + c.loss().describe());
            }
            if (c.validationLoss()) {
                wrapped(String.format(Locale.ROOT, "validation loss after every step on %s; the %s loss is read",
                        c.validationBatches() == 0 ? "all validation data"
                                : c.validationBatches() + " validation batch" + (c.validationBatches() == 1 ? "" : "es"),
                        c.curve() == SweepCurve.VALIDATION ? "validation" : "training"));
            }
        } else {
            out.println(runs.size() + (runs.size() == 1 ? " curve" : " curves") + ", " + reading);
        }
    }

    private void runTable(List<AnalyzedRun> runs) {
        boolean swept = runs.get(0).sweep() != null;
        out.println(swept ? "run  steps     stop        last lr" : "run  points    last lr     source");
        for (int i = 0; i < runs.size(); i++) {
            AnalyzedRun r = runs.get(i);
            double[] lrs = r.lrs();
            String last = lrs.length > 0 ? lr(lrs[lrs.length - 1]) : "-";
            if (swept) {
                SweepResult s = r.sweep();
                out.printf(Locale.ROOT, "%-4d %-9s %-11s %s%n", i + 1, s.curve().size() + "/" + s.curve().plannedSteps(),
                        s.curve().stopReason().name().toLowerCase(Locale.ROOT).replace('_', '-'), last);
            } else {
                out.printf(Locale.ROOT, "%-4d %-9d %-11s %s%n", i + 1, r.size(), last, r.source());
            }
        }
    }

    private void suggestionTable(List<AnalyzedRun> runs, List<Method> methods, Method recommended) {
        for (int from = 0; from < runs.size(); from += RUNS_PER_BLOCK) {
            int to = Math.min(runs.size(), from + RUNS_PER_BLOCK);
            StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-" + METHOD_COLUMN + "s", "suggestion"));
            for (int i = from; i < to; i++) {
                header.append(String.format(Locale.ROOT, " %9s", "run " + (i + 1)));
            }
            out.println(header);
            for (Method m : methods) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + METHOD_COLUMN + "s",
                        m.id() + (m == recommended ? " *" : "")));
                for (int i = from; i < to; i++) {
                    Suggestion s = runs.get(i).analysis().suggestion(m);
                    row.append(String.format(Locale.ROOT, " %9s", s.isPresent() ? lr(s.lr()) : "-"));
                }
                out.println(row);
            }
            if (to < runs.size()) {
                out.println();
            }
        }
    }

    private void statisticsTable(AggregateSummary aggregate, Method recommended) {
        out.printf(Locale.ROOT, "%-" + METHOD_COLUMN + "s %9s %9s %9s %8s %8s  %s%n",
                "method", "geo-mean", "median", "mean", "max/min", "answered", "confidence");
        for (MethodStatistics s : aggregate.methods().values()) {
            String name = s.method().id() + (s.method() == recommended ? " *" : "");
            String answered = s.suggested() + "/" + s.runs();
            String confidence = s.confidence().name().toLowerCase(Locale.ROOT);
            if (s.suggested() == 0) {
                out.printf(Locale.ROOT, "%-" + METHOD_COLUMN + "s %9s %9s %9s %8s %8s  %s%n",
                        name, "-", "-", "-", "-", answered, confidence);
            } else {
                out.printf(Locale.ROOT, "%-" + METHOD_COLUMN + "s %9s %9s %9s %8s %8s  %s%n",
                        name, lr(s.geometricMean()), lr(s.median()), lr(s.mean()), number(s.range()), answered, confidence);
            }
        }
    }

    /** Where the curve is too low, falls and diverges, and for one sweep where and why it stopped. */
    static String curveSentence(List<AnalyzedRun> runs, HeadlineCurve h) {
        String which = runs.size() > 1 ? "The median curve" : "The curve";
        StringBuilder text = new StringBuilder();
        CurveRegions r = h.regions();
        if (h.size() == 0) {
            text.append(which).append(" has no finite point.");
        } else if (h.size() < CurveRegions.MIN_POINTS) {
            text.append(which).append(" has only ").append(h.size()).append(h.size() == 1 ? " point" : " points")
                    .append(", too few to tell where it is flat, falls and turns up (that takes ")
                    .append(CurveRegions.MIN_POINTS).append(")");
            if (h.size() > 1) {
                text.append("; smoothed, its loss goes from ").append(loss(h.loss(0))).append(" to ").append(loss(h.loss(h.size() - 1)));
            }
            text.append('.');
        } else if (!r.falls()) {
            text.append(which).append(" never falls below its starting level: start the sweep lower or raise --lr-max.");
        } else {
            double fallFrom = h.lr(r.fallStart());
            if (!h.hasTooLow()) {
                text.append(which).append(" falls steeply from lr ").append(lr(fallFrom)).append(" to lr ");
            } else if (h.tooLowToLr() < fallFrom) {
                text.append(which).append(" is flat up to lr ").append(lr(h.tooLowToLr())).append(", falls steeply from lr ")
                        .append(lr(fallFrom)).append(" to lr ");
            } else {
                text.append(which).append(" is flat up to lr ").append(lr(fallFrom)).append(", falls steeply until lr ");
            }
            text.append(lr(h.lr(r.floorStart())));
            if (r.diverges()) {
                text.append(" and turns up for good at lr ").append(lr(h.lr(r.turnUp()))).append('.');
            } else {
                text.append(" and has not turned up by the end of the sweep.");
            }
        }
        if (runs.size() == 1 && runs.get(0).sweep() != null) {
            SweepResult s = runs.get(0).sweep();
            int n = s.curve().size();
            text.append('\n');
            String at = n > 0 ? "lr " + lr(s.curve().lr(n - 1)) + " (step " + n + " of " + s.curve().plannedSteps() + ")" : "its start";
            text.append(switch (s.curve().stopReason()) {
                case DIVERGED -> "The sweep stopped at " + at + ": the smoothed loss passed " + s.config().divergence().id()
                        + "x its best.";
                case NON_FINITE -> "The sweep stopped at " + at + ": the loss was not a finite number.";
                case INTERRUPTED -> "The sweep was interrupted at " + at + ".";
                case COMPLETED -> "The sweep ran all " + n + " steps without diverging.";
            });
        }
        return text.toString();
    }

    /** Why this rate: the method and its runs, the spread, the fallback, the schedule. */
    private void why(Recommendation rec, MethodStatistics stats, List<AnalyzedRun> runs) {
        if (!rec.isPresent()) {
            return;
        }
        boolean swept = runs.get(0).sweep() != null;
        int answered = stats.suggested();
        String pipeline = runs.get(0).analysis().pipeline();
        // A compat pipeline's answer is the tool's rule on the tool's own smoothing, not lrfinder's smoothing.
        StringBuilder why = new StringBuilder("Why: ").append(pipeline.equals(CurveAnalysis.PIPELINE)
                        ? rec.rule().describe() : pipeline + "'s " + rec.method().id() + " on " + pipeline + "'s smoothing")
                .append(answered > 1 ? ", the geometric mean of " + answered + " runs" : ", one " + (swept ? "run" : "curve"))
                .append(". ");
        if (rec.isFallback()) {
            why.append("It is the fallback: ").append(rec.fallbackReason()).append(", and ").append(rec.method().id())
                    .append(" is the next method in the fallback order that answered. ");
        }
        if (answered > 1) {
            why.append("The runs span ").append(lr(rec.runsLow())).append(" to ").append(lr(rec.runsHigh()))
                    .append(", a factor ").append(number(stats.range()));
            if (stats.missingCount() > 0) {
                why.append("; ").append(stats.missingCount()).append(" of ").append(stats.runs()).append(" gave no ")
                        .append(rec.method().id());
            }
            why.append(". ");
        } else {
            why.append("One ").append(swept ? "run" : "curve").append(" cannot show how much the answer moves; ")
                    .append(swept ? "run several (--runs 3)" : "analyze several curves").append(" to measure it. ");
        }
        why.append("It is for --for ").append(rec.target().id()).append(", the rule the evidence chose for it");
        if (rec.target() != TrainingSchedule.ONE_CYCLE && Double.isFinite(rec.oneCyclePeakLr())) {
            why.append("; for OneCycle's max_lr, ").append(lr(rec.oneCyclePeakLr())).append(" (--for onecycle)");
        } else if (rec.target() == TrainingSchedule.ONE_CYCLE) {
            why.append("; for a constant rate, run with --for constant");
        }
        why.append('.');
        wrapped(why.toString().strip());
        sweepFurther(rec, runs);
    }

    /** How far to sweep, when no run's loss turned up for good before its last point. */
    private void sweepFurther(Recommendation rec, List<AnalyzedRun> runs) {
        if (!rec.hasLrMaxHint()) {
            return;
        }
        SweepResult sweep = runs.get(0).sweep();
        String how = sweep != null
                ? "raise --lr-max to at least " + lr(rec.lrMaxAtLeast()) + " (it is " + lr(sweep.config().lrMax()) + ")"
                : "record the curve" + (runs.size() > 1 ? "s" : "") + " up to at least lr " + lr(rec.lrMaxAtLeast());
        boolean answeredEverywhere = rec.isPresent() && !rec.isFallback()
                && java.util.Arrays.stream(rec.runLrs()).noneMatch(Double::isNaN);
        wrapped("The loss never turned up for good: " + how + (answeredEverywhere
                ? " to see where it does; " + rec.defaultMethod().id() + "'s answer may lie beyond the swept range."
                : " so that " + rec.defaultMethod().id() + " can answer."));
    }

    /** Prints {@code text} broken at spaces into lines of at most {@link #width} columns; words stay whole. */
    private void wrapped(String text) {
        wrapped("", text);
    }

    /**
     * Prints {@code prefix} and {@code text} broken at spaces into lines of at most {@link #width}
     * columns, the lines after the first indented under the text (a table row's last column).
     */
    void wrapped(String prefix, String text) {
        String indent = prefix.length() <= width / 2 ? " ".repeat(prefix.length()) : "";
        StringBuilder line = new StringBuilder(prefix);
        int start = prefix.length();
        for (String word : text.split(" ")) {
            if (line.length() > start && line.length() + 1 + word.length() > width) {
                out.println(line);
                line.setLength(0);
                line.append(indent);
                start = indent.length();
            }
            line.append(line.length() > start ? " " : "").append(word);
        }
        out.println(line);
    }

    /** A loss for sentences: {@link #number}. */
    private static String loss(double v) {
        return number(v);
    }

    /** A learning rate: {@link #number}. */
    static String lr(double v) {
        return number(v);
    }

    /**
     * Every number of the summary, with three significant digits: 0.0123, 2.30, 145, 3.16e-05,
     * 2.26e+07 (plain from 0.001 to below 1000, else with an exponent); "-" when not finite.
     */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        if (v == 0) {
            return "0";
        }
        String plain = String.format(Locale.ROOT, "%.3g", v);
        double magnitude = Math.abs(Double.parseDouble(plain));
        if (magnitude >= 1e-3 && magnitude < 1e3) {
            return plain;
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }
}
