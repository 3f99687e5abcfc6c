package dev.lrfinder.cli;

import dev.lrfinder.Backends;
import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.report.ReportContext;
import dev.lrfinder.sweep.Checks;
import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lrfinder find}: run the range test N times on a built-in task and aggregate. */
@Command(
        name = "find",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the LR range test on a built-in task (no download), several times, and recommend",
            "a learning rate from all runs. Each run starts from new weights and a new batch order."
        },
        footer = {
            "",
            "Examples:",
            "  lrfinder find                                   default task, 3 runs",
            "  lrfinder find --task spirals --runs 5 --optimizer adam",
            "  lrfinder find --task patterns --model cnn --batch-size 128 --out runs/cnn",
            "  lrfinder find --config local --runs 1           a profile from ./configs/local.toml, 1 run",
            "  lrfinder find --format json --quiet | jq .aggregate.recommendation",
            "  lrfinder find --backend native --device cuda:0",
            "",
            "Files (in --out, or a new folder under ./lrfinder-runs): report.json (everything, with every",
            "curve), curves.csv (run,step,lr,loss,smoothed_loss), plot.png and plot.svg.",
            "Exit codes: 0 success, 2 bad usage or input, 3 no suggestion in any run, 1 internal error."
        })
final class FindCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigProfile profile;

    @Mixin
    TaskOptions taskOptions;

    @Mixin
    SweepOptions sweepOptions;

    @Option(names = "--runs", paramLabel = "N", description = "Range tests to run and aggregate (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Where sweeps run: djl (DJL's libtorch 2.7.1) or native (lrfinder's shim over the"
                    + " machine's libtorch) (default: ${DEFAULT-VALUE}).")
    String backend = Backends.DEFAULT;

    @Option(names = "--device", paramLabel = "NAME",
            description = "cpu, or cuda / cuda:N with --backend native (default: ${DEFAULT-VALUE}).")
    String device = Backends.DEFAULT_DEVICE;

    @Mixin
    AnalysisFlags analysisFlags;

    @Mixin
    OutputOptions output;

    /** Whether stderr is a terminal, so that a progress bar can redraw itself; set by Main. */
    private final boolean terminal;

    FindCommand(boolean terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        Path profileFile = profile.applyTo(spec);
        TaskSpec task = taskOptions.toTask();
        ModelSpec model = taskOptions.toModel();
        model.checkFits(task);
        SweepConfig base = sweepOptions.toConfig();
        Checks.inRange("runs", runs, 1, 10_000);
        SweepBackend sweeps = Backends.byId(backend, device);
        // The sweep stopped each curve by its own divergence rule already: the analysis reads all of it.
        AnalysisOptions options = analysisFlags.toOptions().toBuilder().optDivergence(DivergenceRule.none()).build();
        RunFolder.check(output.out);

        List<AnalyzedRun> analyzed = new ArrayList<>();
        try (Progress progress = Progress.start(spec.commandLine().getErr(), terminal, output.quiet, runs, base.steps())) {
            for (int i = 0; i < runs; i++) {
                SweepConfig config = base.toBuilder().optSeed(base.seed() + i).build();
                SweepResult result = sweeps.run(task, model, config, progress.forRun(i + 1, config.steps()));
                analyzed.add(AnalyzedRun.ofSweep("run " + (i + 1), result,
                        CurveAnalysis.analyze(result.curve().lrs(), result.curve().losses(), options)));
                int n = result.curve().size();
                progress.runDone(i + 1, config.steps(), String.format(Locale.ROOT,
                        "run %d/%d: %d of %d steps, %s, %.2f s (%.0f steps/s)", i + 1, runs, n, config.steps(),
                        result.curve().stopReason(), result.info().wallTimeSeconds(), result.info().stepsPerSecond()),
                        n > 0 ? result.curve().loss(n - 1) : Double.NaN);
            }
        }
        ReportContext context = new ReportContext("find", task.describe() + ", " + model.describe(), base,
                CurveAnalysis.PIPELINE, options.smoothing().id(), List.copyOf(options.methods()), options.defaultMethod(),
                profileFile != null ? profileFile.toString() : null, List.of());
        return Reports.deliver(spec, output, context, analyzed, options);
    }
}
