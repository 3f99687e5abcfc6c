package dev.lrfinder.cli;

import dev.lrfinder.Backends;
import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.analysis.RunAggregation;
import dev.lrfinder.report.CurveCsv;
import dev.lrfinder.report.FindReport;
import dev.lrfinder.report.RunRecord;
import dev.lrfinder.sweep.Checks;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lrfinder find}: run the range test N times on a built-in task and aggregate. */
@Command(
        name = "find",
        mixinStandardHelpOptions = true,
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
            "  lrfinder find --backend native --device cuda:0",
            "",
            "Files (in --out, or a new folder under ./lrfinder-runs): run-N.csv (step,lr,loss) and",
            "run-N.json per run, report.json with every suggestion and the aggregate."
        })
final class FindCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

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

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the files (default: a new one under ./lrfinder-runs).")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--verbose", description = "Stack traces with errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        TaskSpec task = taskOptions.toTask();
        ModelSpec model = taskOptions.toModel();
        model.checkFits(task);
        SweepConfig base = sweepOptions.toConfig();
        Checks.inRange("runs", runs, 1, 10_000);
        SweepBackend sweeps = Backends.byId(backend, device);
        Path folder = RunFolder.prepare(out);

        PrintWriter err = spec.commandLine().getErr();
        List<SweepResult> results = new ArrayList<>();
        List<AnalysisResult> analyses = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            SweepConfig config = base.toBuilder().optSeed(base.seed() + i).build();
            SweepResult result = sweeps.run(task, model, config);
            results.add(result);
            analyses.add(CurveAnalysis.analyze(result.curve().lrs(), result.curve().losses(), AnalysisOptions.defaults()));
            CurveCsv.write(folder.resolve("run-" + (i + 1) + ".csv"), result.curve());
            RunRecord.write(folder.resolve("run-" + (i + 1) + ".json"), result);
            if (!quiet) {
                err.printf("run %d/%d: %d of %d steps, %s, %.2f s (%.0f steps/s)%n", i + 1, runs,
                        result.curve().size(), config.steps(), result.curve().stopReason(),
                        result.info().wallTimeSeconds(), result.info().stepsPerSecond());
            }
        }
        AggregateSummary aggregate = RunAggregation.summarize(analyses, AnalysisOptions.defaults());
        String what = task.describe() + ", " + model.describe();
        FindReport.write(folder.resolve("report.json"), what, results, analyses, aggregate);

        PrintWriter stdout = spec.commandLine().getOut();
        new Summary(stdout).print(what, results, analyses, aggregate);
        stdout.println("Files: " + folder.toAbsolutePath());
        stdout.flush();
        return aggregate.recommendation().isPresent() || anySuggestion(analyses) ? ExitCodes.OK : ExitCodes.NO_SUGGESTION;
    }

    private static boolean anySuggestion(List<AnalysisResult> analyses) {
        return analyses.stream().anyMatch(a -> a.suggestions().values().stream().anyMatch(s -> s.isPresent()));
    }
}
