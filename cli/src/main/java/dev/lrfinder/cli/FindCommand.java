package dev.lrfinder.cli;

import dev.lrfinder.Backends;
import dev.lrfinder.FindResult;
import dev.lrfinder.LrFinder;
import dev.lrfinder.analysis.VerificationSearch;
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
            "(--data), several times, and recommend a learning rate from all runs,",
            "verified by a bounded search of short fits scored on validation data (--no-verify: the",
            "range tests alone). Each run starts from new weights (a --model FILE.pt: from its own)",
            "and a new batch order."
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
            "  lrfinder find --for onecycle --train-steps 2000   the max_lr for a 2000-step OneCycle training",
            "  lrfinder find --no-verify                         the range tests' answer alone, quickly",
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
    /** The most --verify scanning fits. */
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

    @Option(names = "--verify", paramLabel = "K", arity = "0..1", fallbackValue = "" + VerificationSearch.DEFAULT_SCAN_RATES,
            description = "The default: after the range tests, search for the rate that trains best by fits under the"
                    + " --for schedule, scored on the validation data (--val-split/--val-data; else a held-out 20%% of"
                    + " the training data): K fits over the range tests' bracket (K = "
                    + VerificationSearch.DEFAULT_SCAN_RATES + " without a value), past its edge while the loss improves,"
                    + " refined, then the best ones fitted for the training's length (--train-steps).")
    Integer verify;

    @Option(names = "--no-verify", description = "The range tests' answer alone, without verification fits (faster).")
    boolean noVerify;

    @Option(names = "--train-steps", paramLabel = "N",
            description = "How many optimizer steps the training you will run takes: the verification's final fits"
                    + " run this long when the budget allows, else a measured horizon correction (default: "
                    + LrFinder.DEFAULT_VERIFY_STEPS + ").")
    Integer trainSteps;

    @Option(names = "--epochs", paramLabel = "E",
            description = "The training's length in epochs of the training data instead of --train-steps:"
                    + " E x ceil(rows / batch size) steps.")
    Double epochs;

    @Option(names = "--verify-budget", paramLabel = "X",
            description = "The verification's optimizer steps at most X times the range tests' (runs x steps)"
                    + " (default: " + VerificationSearch.DEFAULT_BUDGET + "); more lets the final fits run a long"
                    + " training's whole length.")
    Double verifyBudget;

    @Option(names = "--verify-steps", paramLabel = "N",
            description = "The verification fits' horizon when --train-steps and --epochs are not given (default: "
                    + LrFinder.DEFAULT_VERIFY_STEPS + ").")
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

    private static void stepsOption(String option, Integer steps) {
        if (steps != null && (steps < 1 || steps > SweepConfig.MAX_STEPS)) {
            throw new BadInputException(option + " = " + steps + ": must be an integer in [1, " + SweepConfig.MAX_STEPS + "]");
        }
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
        if (verify != null && (verify < 3 || verify > MAX_VERIFY)) {
            throw new BadInputException("--verify = " + verify + ": must be an integer in [3, " + MAX_VERIFY
                    + "] (scanning fits; " + VerificationSearch.DEFAULT_SCAN_RATES + " without a value)");
        }
        if (noVerify) {
            for (String[] given : new String[][] {{"--verify", verify == null ? null : "" + verify},
                    {"--verify-budget", verifyBudget == null ? null : "" + verifyBudget},
                    {"--verify-steps", verifySteps == null ? null : "" + verifySteps}}) {
                if (given[1] != null) {
                    throw new BadInputException(given[0] + " = " + given[1] + ": must not come with --no-verify");
                }
            }
        }
        stepsOption("--verify-steps", verifySteps);
        stepsOption("--train-steps", trainSteps);
        if (verifyBudget != null && !(verifyBudget > 0 && verifyBudget <= 1000)) {
            throw new BadInputException("--verify-budget = " + verifyBudget
                    + ": must be a multiple of the range tests' steps in (0, 1000]");
        }
        if (epochs != null && !(epochs > 0 && epochs <= 1e6)) {
            throw new BadInputException("--epochs = " + epochs + ": must be a number of epochs in (0, 1000000]");
        }
        if (epochs != null && trainSteps != null) {
            throw new BadInputException("--epochs = " + epochs + " and --train-steps = " + trainSteps
                    + ": must be one or the other (both say the training's length)");
        }
        finder.optVerify(!noVerify)
                .optVerifyScanRates(verify != null ? verify : VerificationSearch.DEFAULT_SCAN_RATES)
                .optVerifyBudget(verifyBudget != null ? verifyBudget : VerificationSearch.DEFAULT_BUDGET)
                .optTrainSteps(trainSteps != null ? trainSteps : 0)
                .optEpochs(epochs != null ? epochs : 0)
                .optVerifySteps(verifySteps != null ? verifySteps : 0);
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
