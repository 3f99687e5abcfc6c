package dev.lrfinder.cli;

import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.Method;
import dev.lrfinder.analysis.MethodStatistics;
import dev.lrfinder.analysis.Recommendation;
import dev.lrfinder.analysis.Suggestion;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The terminal summary of a {@code find}: per-run suggestions, per-method statistics, the answer. */
final class Summary {
    private static final int METHOD_COLUMN = 16;

    private final PrintWriter out;

    Summary(PrintWriter out) {
        this.out = out;
    }

    void print(String what, List<SweepResult> runs, List<AnalysisResult> analyses, AggregateSummary aggregate) {
        SweepConfig c = runs.get(0).config();
        var info = runs.get(0).info();
        out.println(what);
        out.printf(Locale.ROOT, "%s backend (%s %s, %s, %d thread%s), %s, lr %s to %s %s over %d steps, batch %d%n",
                info.backend(), info.engine(), info.engineVersion(), info.device(), info.threads(),
                info.threads() == 1 ? "" : "s", c.optimizer().kind().id(), lr(c.lrMin()), lr(c.lrMax()),
                c.schedule().id(), c.steps(), c.batchSize());
        out.println();

        List<Method> methods = List.copyOf(analyses.get(0).suggestions().keySet());
        int lrColumn = methods.stream().mapToInt(m -> m.id().length()).max().orElse(8) + 1;
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-5s %-6s %-11s", "run", "steps", "stop"));
        for (Method m : methods) {
            header.append(pad(m.id(), lrColumn));
        }
        out.println(header.toString().stripTrailing());
        for (int i = 0; i < runs.size(); i++) {
            SweepResult r = runs.get(i);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-5d %-6d %-11s",
                    i + 1, r.curve().size(), r.curve().stopReason().name().toLowerCase(Locale.ROOT)));
            for (Method m : methods) {
                Suggestion s = analyses.get(i).suggestion(m);
                row.append(pad(s.isPresent() ? lr(s.lr()) : "-", lrColumn));
            }
            out.println(row.toString().stripTrailing());
        }
        out.println();

        if (runs.size() > 1) {
            out.printf(Locale.ROOT, "%-" + METHOD_COLUMN + "s %10s %10s %10s %8s %9s  %s%n",
                    "method", "geo-mean", "median", "mean", "max/min", "answered", "confidence");
            Method recommended = aggregate.recommendation().method();
            for (MethodStatistics s : aggregate.methods().values()) {
                String name = s.method().id() + (s.method() == recommended ? " *" : "");
                if (s.suggested() == 0) {
                    out.printf(Locale.ROOT, "%-" + METHOD_COLUMN + "s %10s %10s %10s %8s %5d/%-3d  %s%n",
                            name, "-", "-", "-", "-", 0, s.runs(), s.confidence().name().toLowerCase(Locale.ROOT));
                    continue;
                }
                out.printf(Locale.ROOT, "%-" + METHOD_COLUMN + "s %10s %10s %10s %8.2f %5d/%-3d  %s%n",
                        name, lr(s.geometricMean()), lr(s.median()), lr(s.mean()), s.range(), s.suggested(), s.runs(),
                        s.confidence().name().toLowerCase(Locale.ROOT));
            }
            out.println();
        } else {
            AnalysisResult only = analyses.get(0);
            for (Suggestion s : only.suggestions().values()) {
                out.printf(Locale.ROOT, "  %-" + METHOD_COLUMN + "s %s%n", s.method().id(), s.reason());
            }
            out.println();
        }

        Recommendation rec = aggregate.recommendation();
        if (rec.isPresent()) {
            out.printf(Locale.ROOT, "Recommended learning rate: %s (%s, confidence %s, for a %s)%n",
                    lr(rec.lr()), rec.method().id(), rec.confidence().name().toLowerCase(Locale.ROOT),
                    rec.schedule().description());
        } else {
            out.println("No recommended learning rate: " + rec.method().id() + " gave no answer in any run.");
        }
        out.println(rec.reasoning());
    }

    private static String pad(String s, int width) {
        return String.format(Locale.ROOT, "%-" + width + "s", s);
    }

    /** Three significant digits, as people write learning rates: 0.0123, 3.16e-05. */
    static String lr(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        if (v >= 1e-3 && v < 1e3) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }
}
