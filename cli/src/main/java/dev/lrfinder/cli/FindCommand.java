package dev.lrfinder.cli;

import dev.lrfinder.Backends;
import dev.lrfinder.FindResult;
import dev.lrfinder.LrFinder;
import dev.lrfinder.analysis.Verification;
import dev.lrfinder.base.Timeline;
import dev.lrfinder.data.DataSplit;
import dev.lrfinder.report.Report;
import dev.lrfinder.report.ReportFolder;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.task.ScriptModel;
import java.nio.file.Path;
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
            "Run the LR range test on a built-in task (no download) or on your data",
            "(--data), several times, and recommend a learning rate from all runs.",
            "Each run starts from new weights (a --model FILE.pt: from its own) and a new batch order."
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
            "  lrfinder find --for constant --verify             the rate for a constant schedule, checked by 5 fits",
            "  lrfinder find --data train.csv --label species --standardize --val-split 0.2 --val-loss",
            "  lrfinder find --data train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz --model cnn",
            "  lrfinder find --data photos/ --image-size 32 --model cnn --crop-padding 4 --flips",
            "  lrfinder find --data train.csv --label y --model net.pt   your TorchScript model, as saved",
            "",
            "Files (in --out, or a new folder under ./lrfinder-runs): report.json (everything, with every",
            "curve), curves.csv (run,step,lr,loss,smoothed_loss), plot.png and plot.svg.",
            "Exit codes: 0 success, 2 bad usage or input, 3 no suggestion in any run, 1 internal error."
        })
final class FindCommand implements Callable<Integer> {
    /** The most --verify candidates: each is a fit of its own. */
    static final int MAX_VERIFY = 100;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigProfile profile;

    @Mixin
    TaskOptions taskOptions;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    SweepOptions sweepOptions;

    @Option(names = "--runs", paramLabel = "N", description = "Range tests to run and aggregate (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Where sweeps run: auto (native where its shim is built, else djl), djl (DJL's"
                    + " libtorch 2.7.1) or native (lrfinder's shim over the machine's libtorch) (default: ${DEFAULT-VALUE}).")
    String backend = Backends.DEFAULT;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Runs at once, in this JVM, on the one data set; the curves are the same as one after"
                    + " another; 0 for the default: as many as the cores allow at --threads (cores / threads), or all"
                    + " the runs when they are fewer than twice that and do not divide evenly (3 runs on 2 cores: 3).")
    Integer parallel;

    @Option(names = "--replicas", paramLabel = "K",
            description = "Runs trained at once as batched replicas of one model (stacked weights, batched products,"
                    + " grouped convolutions), native backend, built-in models; each curve as alone, to float rounding;"
                    + " 1 for off; 0 for the default: all runs in one group on CUDA, off on the CPU.")
    Integer replicas;

    @Option(names = "--cuda-graphs", paramLabel = "on|off",
            description = "Capture the batched step once as a CUDA graph and replay it (native backend, CUDA, a shim"
                    + " built against a torch with CUDA) (default: ${DEFAULT-VALUE}).")
    String cudaGraphs = "off";

    @Option(names = "--device", paramLabel = "NAME",
            description = "cpu, or cuda / cuda:N with --backend native (default: ${DEFAULT-VALUE}).")
    String device = Backends.DEFAULT_DEVICE;

    @Mixin
    AnalysisFlags analysisFlags;

    @Mixin
    ScheduleFlags scheduleFlags;

    @Option(names = "--verify", paramLabel = "K", arity = "0..1", fallbackValue = "" + Verification.DEFAULT_CANDIDATES,
            description = "After the range tests, check the answer with K short fits at rates on a log grid around it"
                    + " (K = " + Verification.DEFAULT_CANDIDATES + " without a value), under the --for schedule, scored on"
                    + " the validation data (--val-split/--val-data; else a held-out 20%% of the training data).")
    Integer verify;

    @Option(names = "--verify-steps", paramLabel = "N",
            description = "Steps of each --verify fit (default: " + LrFinder.DEFAULT_VERIFY_STEPS + ").")
    Integer verifySteps;

    @Mixin
    OutputOptions output;

    /**
     * Whether the user's data are swept: {@code --data} replaces {@code --task}, so both given (on
     * the command line or in the profile) is bad input.
     */
    private boolean sweepsData() {
        if (dataOptions.given() && taskOptions.task != null) {
            throw new BadInputException("--data = " + dataOptions.data + " and --task = " + taskOptions.task
                    + ": must be one or the other (--data sweeps your data instead of a built-in task)");
        }
        return dataOptions.given();
    }

    private static boolean onOff(String option, String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new BadInputException(option + " = " + value + ": must be on or off");
        };
    }

    /** Whether stderr is a terminal, so that a progress bar can redraw itself; set by Main. */
    private final boolean terminal;

    /** The sweep settings, once {@link #finder()} has read them. */
    private SweepConfig config;

    FindCommand(boolean terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        Timeline.mark("options parsed");
        LrFinder.Builder finder = finder();
        FindResult result;
        try (Progress progress = Progress.start(spec.commandLine().getErr(), terminal, output.quiet, runs, config.steps())) {
            result = finder.optProgress(progress).build().run();
        }
        return Reports.deliver(spec, output, result.report());
    }

    /**
     * The range tests these options describe, run without progress and without files: one cell of
     * {@code lrfinder sweep}, whose options are find's (parsed into this command, not executed).
     */
    Report report() {
        return finder().build().run().report();
    }

    /** The finder the options (and the profile) describe, every value checked; nothing has run yet. */
    private LrFinder.Builder finder() {
        Path profileFile = profile.applyTo(spec);
        config = scheduleFlags.applyTo(sweepOptions.toConfig(), analysisFlags.toOptions().target());
        ReportFolder.check(output.out); // before any sweep or read: a bad --out fails at once
        LrFinder.Builder finder = LrFinder.builder();
        if (sweepsData()) {
            taskOptions.checkNoTaskOptions();
            DataSplit data = dataOptions.load();
            ScriptModel script = taskOptions.toScriptModel();
            if (script != null) {
                finder.setData(data, script);
            } else {
                finder.setData(data, taskOptions.toModel());
            }
            finder.optAugmentation(dataOptions.augmentation(data, taskOptions.flips))
                    .optAugmentNoise(taskOptions.augmentNoise);
        } else {
            dataOptions.checkNoneWithoutData();
            ScriptModel script = taskOptions.toScriptModel();
            if (script != null) {
                finder.setTask(taskOptions.toTask(), script);
            } else {
                finder.setTask(taskOptions.toTask(), taskOptions.toModel());
            }
        }
        if (verify != null && (verify < 1 || verify > MAX_VERIFY)) {
            throw new BadInputException("--verify = " + verify + ": must be an integer in [1, " + MAX_VERIFY
                    + "] (candidate rates to fit; " + Verification.DEFAULT_CANDIDATES + " without a value)");
        }
        if (verifySteps != null && verify == null) {
            throw new BadInputException("--verify-steps = " + verifySteps + ": must come with --verify");
        }
        if (verifySteps != null && (verifySteps < 1 || verifySteps > SweepConfig.MAX_STEPS)) {
            throw new BadInputException("--verify-steps = " + verifySteps + ": must be an integer in [1, "
                    + SweepConfig.MAX_STEPS + "]");
        }
        finder.optVerify(verify != null ? verify : LrFinder.NO_VERIFY)
                .optVerifySteps(verifySteps != null ? verifySteps : LrFinder.DEFAULT_VERIFY_STEPS);
        return finder.optBackend(backend)
                .optDevice(device)
                .optRuns(runs)
                .optParallel(parallel != null ? parallel : LrFinder.DEFAULT_PARALLEL)
                .optReplicas(replicas != null ? replicas : LrFinder.DEFAULT_REPLICAS)
                .optCudaGraphs(onOff("--cuda-graphs", cudaGraphs))
                .optConfig(config)
                .optAnalysis(analysisFlags.toOptions())
                .optProfile(profileFile != null ? profileFile.toString() : null);
    }
}
