package dev.lrfinder.report;

import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.analysis.Method;
import dev.lrfinder.data.DataSummary;
import dev.lrfinder.sweep.BackendChoice;
import dev.lrfinder.sweep.SweepConfig;
import java.util.List;
import java.util.Objects;

/**
 * What a report is about besides its runs: the command, the subject, the sweep settings and how the
 * curves were read.
 *
 * @param command {@code find} or {@code analyze}
 * @param subject the task and model ({@code find}) or the files read ({@code analyze}), in words
 * @param config the sweep config of the first run ({@code find}; run i used seed + i), or null
 * @param pipeline {@code native} or the compat tool's id
 * @param smoothing the smoothing's id, or null when a compat pipeline used its tool's own
 * @param methods the rules run, in order
 * @param defaultMethod the rule the recommendation comes from
 * @param profile the {@code --config} profile file the options came from, or null
 * @param inputs the files read ({@code analyze}); empty for {@code find}
 * @param data the user's data a {@code find} swept, or null (a built-in task, or {@code analyze})
 * @param backend which backend the sweeps ran on and why ({@code find}), or null
 */
public record ReportContext(String command, String subject, SweepConfig config, String pipeline, String smoothing,
        List<Method> methods, Method defaultMethod, String profile, List<String> inputs, DataSummary data,
        BackendChoice backend) {

    public ReportContext {
        Objects.requireNonNull(command, "command must not be null");
        Objects.requireNonNull(subject, "subject must not be null");
        Objects.requireNonNull(pipeline, "pipeline must not be null");
        Objects.requireNonNull(defaultMethod, "defaultMethod must not be null");
        methods = List.copyOf(methods);
        inputs = List.copyOf(inputs);
    }

    /** A context without a backend choice (an {@code analyze} report, or sweeps whose backend was not chosen). */
    public ReportContext(String command, String subject, SweepConfig config, String pipeline, String smoothing,
            List<Method> methods, Method defaultMethod, String profile, List<String> inputs) {
        this(command, subject, config, pipeline, smoothing, methods, defaultMethod, profile, inputs, null, null);
    }

    /** An {@code analyze} report of curves read from {@code inputs}, by lrfinder's own pipeline and {@code options}. */
    public static ReportContext ofAnalysis(String subject, AnalysisOptions options, String... inputs) {
        return new ReportContext("analyze", subject, null, CurveAnalysis.PIPELINE, options.smoothing().id(),
                List.copyOf(options.methods()), options.defaultMethod(), null, List.of(inputs));
    }
}
