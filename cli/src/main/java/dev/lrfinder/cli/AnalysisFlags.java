package dev.lrfinder.cli;

import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.Method;
import dev.lrfinder.analysis.Smoothing;
import dev.lrfinder.analysis.TargetRule;
import dev.lrfinder.sweep.TrainingSchedule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** How curves are read: the smoothing and the suggestion rules, shared by find and analyze. */
final class AnalysisFlags {
    @Option(names = "--smoothing", paramLabel = "NAME",
            description = "robust (the default: a centred median and LOESS in log lr, no lag, not fooled by single"
                    + " spikes), debiased-ema (fastai's), ema (torch-lr-finder's) or none (both EMAs lag by tens of steps).")
    String smoothing;

    @Option(names = "--methods", paramLabel = "M,M", split = ",",
            description = "Suggestion rules to run (default: all): minimum, steep, valley, slide, slide-relative,"
                    + " steepest, divergence. The recommendation comes from the --for target's method when it is"
                    + " listed, else from the first one listed.")
    List<String> methods;

    @Option(names = "--for", paramLabel = "SCHEDULE",
            description = "The schedule the rate is for: onecycle (the rate is max_lr; the default), constant or cosine"
                    + " (the start of a cosine decay to 0). Each has its own rule, chosen by lrfinder's evidence.")
    String target;

    /** Whether either option was given (they do not combine with --compat). */
    boolean isSet() {
        return smoothing != null || methods != null;
    }

    /**
     * The analysis options these flags describe. A bad name is the engine's own message, which
     * names the option's parameter ({@code smoothing = gauss: must be one of ...}); the command line
     * prints it with the option's dashes.
     */
    AnalysisOptions toOptions() {
        AnalysisOptions.Builder builder = AnalysisOptions.builder();
        TrainingSchedule schedule = target != null ? TrainingSchedule.byId(target) : TargetRule.DEFAULT_TARGET;
        builder.optTarget(schedule);
        if (smoothing != null) {
            builder.optSmoothing(Smoothing.byName(smoothing));
        }
        if (methods != null) {
            Set<Method> chosen = new LinkedHashSet<>();
            for (String id : methods) {
                chosen.add(Method.byId(id));
            }
            List<Method> ordered = new ArrayList<>(chosen);
            builder.optMethods(ordered);
            Method ruleMethod = TargetRule.of(schedule).method();
            builder.optDefaultMethod(chosen.contains(ruleMethod) ? ruleMethod : ordered.get(0));
        }
        return builder.build();
    }
}
