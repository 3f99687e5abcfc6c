package dev.lrfinder;

import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.analysis.Recommendation;
import dev.lrfinder.analysis.Verification;
import dev.lrfinder.analysis.VerificationSearch;
import dev.lrfinder.base.Checks;
import dev.lrfinder.base.Timeline;
import dev.lrfinder.data.Augmentation;
import dev.lrfinder.data.DataSplit;
import dev.lrfinder.data.DataSummary;
import dev.lrfinder.data.LoadedData;
import dev.lrfinder.djl.DjlRangeTest;
import dev.lrfinder.nativebackend.NativeBackend;
import dev.lrfinder.nativebackend.NativeRangeTest;
import dev.lrfinder.plot.CurvePlot;
import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.report.Report;
import dev.lrfinder.report.ReportContext;
import dev.lrfinder.report.ReportFolder;
import dev.lrfinder.sweep.BackendChoice;
import dev.lrfinder.sweep.FitResult;
import dev.lrfinder.sweep.Precision;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepCurve;
import dev.lrfinder.sweep.SweepData;
import dev.lrfinder.sweep.SweepListener;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.sweep.TrainingSchedule;
import dev.lrfinder.task.HeldOut;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.ScriptModel;
import dev.lrfinder.task.TaskDataCache;
import dev.lrfinder.task.TaskSpec;
import dev.lrfinder.task.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The headline in one call: N range tests, each from its own seed, analysed, aggregated into one
 * recommended learning rate, and (with {@link Builder#optOut}) written as a report folder.
 *
 * <pre>{@code
 * FindResult result = LrFinder.builder()
 *         .setTask(TaskSpec.named("spirals"), ModelSpec.mlp(64, 64))
 *         .optRuns(5)
 *         .build()
 *         .run();
 * double lr = result.recommendation().lr();
 * }</pre>
 *
 * <p>What is swept is one of: a built-in task and model on a backend ({@link Builder#setTask}), a
 * built-in model on the user's data ({@link Builder#setData(DataSplit, ModelSpec)}, read with
 * {@code dev.lrfinder.data.Datasets}), a DJL model, data set and loss ({@link
 * Builder#setRangeTest(DjlRangeTest.Builder)}), or a TorchScript model on the native backend
 * ({@link Builder#setRangeTest(NativeRangeTest.Builder)}), or a TorchScript file on a task or your
 * data on either backend ({@link Builder#setTask(TaskSpec, ScriptModel)}, {@link
 * Builder#setData(DataSplit, ScriptModel)}).
 * Run {@code i} (from 0) uses the config's seed + {@code i}: a new batch order, and for built-in
 * models new initial weights; a model of yours starts every run from its own weights, which are
 * restored after each.
 *
 * <p>The answer is verified by default ({@link Builder#optVerify}): after the range tests, fits at
 * rates searched from their bracket ({@link VerificationSearch}), scored on validation data (yours,
 * or {@link #DEFAULT_VERIFY_HOLD_OUT} of the training rows held out), pick the rate {@link
 * FindResult#recommendation()} gives, for the training's length ({@link Builder#optTrainSteps},
 * {@link Builder#optEpochs}). Where no validation data can be made (a model object of yours without
 * any), the range tests' answer stands and the report says why.
 *
 * <p>Runs of a built-in task run several at once ({@link Builder#optParallel}), in this JVM, on the
 * one generated data set; each run's curve is the same as when the runs go one after another.
 */
public final class LrFinder {
    /** How many range tests {@link #run()} makes when not told: enough for a spread and a median. */
    public static final int DEFAULT_RUNS = 3;
    /**
     * The training horizon the verified rate is for when neither the training's steps nor its
     * epochs are given: {@link VerificationSearch#DEFAULT_HORIZON_STEPS}.
     */
    public static final int DEFAULT_VERIFY_STEPS = VerificationSearch.DEFAULT_HORIZON_STEPS;
    /**
     * {@link Builder#optParallel}'s "as many runs at once as the cores allow": the available
     * processors divided by the config's libtorch threads (at least 1, at most the runs), so that
     * every run has its cores to itself; except that fewer runs than twice that, which do not divide
     * evenly over it, all run at once (see {@link #defaultParallel(int, int)}).
     */
    public static final int DEFAULT_PARALLEL = 0;

    /**
     * The runs at once for {@code runs} runs and {@code slots} runs' worth of cores. In waves of
     * {@code slots}, the last wave of an uneven count leaves cores idle while it runs; with fewer
     * runs than twice the slots, running them all at once lets every core share its time between
     * at most two runs instead, and none waits out the last wave alone. The default find (3 runs on
     * 2 cores) took 0.95 s this way against 1.00 s in waves of two, medians of 6 alternating
     * whole processes; the curves are the same either way.
     */
    static int defaultParallel(int runs, int slots) {
        if (runs % slots != 0 && runs < 2 * slots) {
            return runs;
        }
        return Math.min(runs, slots);
    }
    /**
     * {@link Builder#optReplicas}'s "as fits the device": every run in one batched group on a CUDA
     * device (native backend, a built-in model, no validation-loss mode, no input noise or Java-side
     * augmentation), one run at a time (no batching) elsewhere. On a CPU a batched step is about as
     * dear as the runs one after another, so batching buys nothing there.
     */
    public static final int DEFAULT_REPLICAS = 0;
    /**
     * The share of the training data held out to score the verification fits on when there is no
     * validation data (a built-in task, or your data without --val-split/--val-data): seeded by the
     * config's seed, stratified for classes. The range tests still train on all of it.
     */
    public static final double DEFAULT_VERIFY_HOLD_OUT = 0.2;

    private final Sweeps sweeps;
    private final String subject;
    private final int runs;
    private final SweepConfig config;
    private final AnalysisOptions analysis;
    private final Path out;
    private final String profile;
    private final RunProgress progress;
    private final DataSummary data;
    private final int parallel;
    private final BackendChoice backend;
    private final Groups groups;
    private final int groupSize;
    private final Fits fits;
    private final String fitValidation;
    private final boolean verify;
    private final int scanRates;
    private final double verifyBudget;
    private final int horizon;
    private final String unverifiedWhy;
    private final int fitParallel;

    private LrFinder(Builder b, SweepConfig config, Sweeps sweeps, String subject, DataSummary data, int parallel,
            BackendChoice backend, Groups groups, int groupSize, Fits fits, String fitValidation, int fitParallel,
            int horizon, String unverifiedWhy) {
        this.sweeps = sweeps;
        this.groups = groups;
        this.groupSize = groupSize;
        this.subject = subject;
        this.runs = b.runs;
        this.config = config;
        // Each curve ends where the sweep's own divergence rule stopped it: the analysis reads it
        // under that rule (with none, the whole recorded curve), not the analysis's default.
        AnalysisOptions.Builder options = b.analysis.toBuilder().optDivergence(b.config.divergence());
        if (b.target != null) {
            options.optTarget(b.target);
        }
        this.analysis = options.build();
        this.fits = fits;
        this.fitValidation = fitValidation;
        this.verify = b.verify;
        this.scanRates = b.scanRates;
        this.verifyBudget = b.verifyBudget;
        this.horizon = horizon;
        this.unverifiedWhy = unverifiedWhy;
        this.fitParallel = fitParallel;
        this.out = b.out;
        this.profile = b.profile;
        this.progress = b.progress;
        this.data = data;
        this.parallel = parallel;
        this.backend = backend;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every range test, {@link #parallel()} at a time (the progress is then told from several
     * threads at once), then analyses, aggregates and writes the files.
     */
    public FindResult run() {
        if (groups != null) {
            return summarize(runGroups());
        }
        List<AnalyzedRun> analyzed = ParallelRuns.run(runs, parallel, i -> {
            SweepConfig runConfig = runConfig(i);
            Timeline.mark("run " + (i + 1) + " starts");
            SweepResult result = sweeps.run(runConfig, progress.forRun(i + 1, runConfig.steps()));
            Timeline.mark("run " + (i + 1) + " swept");
            return analyzed(i, result);
        });
        return summarize(analyzed);
    }

    /** The runs in batched groups of {@link #replicas()}, {@link #parallel()} groups at a time. */
    private List<AnalyzedRun> runGroups() {
        int count = (runs + groupSize - 1) / groupSize;
        List<List<AnalyzedRun>> perGroup = ParallelRuns.run(count, Math.min(parallel, count), g -> {
            int from = g * groupSize;
            int to = Math.min(runs, from + groupSize);
            List<SweepConfig> configs = new ArrayList<>();
            List<SweepListener> listeners = new ArrayList<>();
            for (int i = from; i < to; i++) {
                configs.add(runConfig(i));
                listeners.add(progress.forRun(i + 1, config.steps()));
            }
            List<SweepResult> results = groups.run(configs, listeners);
            List<AnalyzedRun> done = new ArrayList<>();
            for (int i = from; i < to; i++) {
                done.add(analyzed(i, results.get(i - from)));
            }
            return done;
        });
        return perGroup.stream().flatMap(List::stream).toList();
    }

    /** Run {@code i}'s config: seed + {@code i}. */
    private SweepConfig runConfig(int i) {
        return config.toBuilder().optSeed(config.seed() + i).build();
    }

    private AnalyzedRun analyzed(int i, SweepResult result) {
        AnalysisResult curveAnalysis = CurveAnalysis.analyze(result.curve().lrs(), AnalyzedRun.analyzedLosses(result),
                analysis);
        progress.runDone(i + 1, result);
        return AnalyzedRun.ofSweep("run " + (i + 1), result, curveAnalysis);
    }

    /** Runs per batched group (1: every run on its own, unbatched, unless CUDA graphs are on). */
    public int replicas() {
        return groupSize;
    }

    /** How many runs run at once. */
    public int parallel() {
        return parallel;
    }

    /** Which backend the runs use, and why. */
    public BackendChoice backend() {
        return backend;
    }

    /** The schedule the recommendation is for. */
    public TrainingSchedule target() {
        return analysis.target();
    }

    private FindResult summarize(List<AnalyzedRun> analyzed) {
        ReportContext context = new ReportContext("find", subject, config, CurveAnalysis.PIPELINE,
                analysis.smoothing().id(), List.copyOf(analysis.methods()), analysis.defaultMethod(), profile, List.of(),
                data, backend);
        Report report = Report.of(context, analyzed, analysis);
        Recommendation recommendation = report.aggregate().recommendation();
        if (verify && recommendation.isPresent() && !Thread.currentThread().isInterrupted()) {
            report = report.withVerification(fits != null ? verify(recommendation)
                    : Verification.unverified(analysis.target(), recommendation.lr(), unverifiedWhy));
        }
        if (out == null) {
            return new FindResult(report, Optional.empty());
        }
        try {
            return new FindResult(report, Optional.of(ReportFolder.write(out, report, CurvePlot::render)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report folder " + out + " (nothing there was changed)", e);
        }
    }

    /**
     * The verified rate: {@link VerificationSearch} from {@code recommendation} and the runs'
     * spread, within the sweep's lr bounds, for {@link #horizon()} steps of training; its fits,
     * each from the first run's seed (its initial weights and batch order) under the target
     * schedule, scored on the validation data, a stage's fits {@code fitParallel} at a time; all of
     * them at most {@link #verifyBudgetSteps()} optimizer steps.
     */
    private Verification verify(Recommendation recommendation) {
        TrainingSchedule schedule = analysis.target();
        VerificationSearch search = VerificationSearch.builder()
                .setFits((lrs, steps) -> {
                    SweepConfig fitConfig = config.toBuilder().optSteps(Math.max(2, steps)).build();
                    List<FitResult> results = ParallelRuns.run(lrs.length, defaultParallel(lrs.length, fitParallel),
                            i -> fits.fit(fitConfig, schedule, lrs[i]));
                    return results.stream().mapToDouble(FitResult::validationLoss).toArray();
                })
                .setSchedule(schedule)
                .setBudgetSteps(verifyBudgetSteps())
                .optTrainSteps(horizon)
                .optLrBounds(config.lrMin(), config.lrMax())
                .optScanRates(scanRates)
                .optValidation(fitValidation)
                .build();
        return search.search(recommendation.lr(), recommendation.runsLow(), recommendation.runsHigh());
    }

    /**
     * The most optimizer steps the verification fits may take together: the budget multiple times
     * the range tests' steps (runs x steps), at least what the search's scan needs.
     */
    public int verifyBudgetSteps() {
        long steps = Math.round(verifyBudget * runs * config.steps());
        return (int) Math.max((scanRates + 4L) * VerificationSearch.MIN_FIT_STEPS, Math.min(Integer.MAX_VALUE / 8, steps));
    }

    /** The training's length the verified rate is for, in optimizer steps. */
    public int horizon() {
        return horizon;
    }

    /** A short fit scored on validation data: {@code --verify}'s. */
    @FunctionalInterface
    private interface Fits {
        FitResult fit(SweepConfig config, TrainingSchedule schedule, double lr);
    }

    /** One run of whatever is swept, at a given config (seed) and listener. */
    @FunctionalInterface
    private interface Sweeps {
        SweepResult run(SweepConfig config, SweepListener listener);
    }

    /** Several runs as batched replicas of one model ({@link SweepBackend#runReplicas}). */
    @FunctionalInterface
    private interface Groups {
        List<SweepResult> run(List<SweepConfig> configs, List<SweepListener> listeners);
    }

    /** Collects what to sweep and how; {@link #build()} checks it. */
    public static final class Builder {
        private Sweeps sweeps;
        private String subject;
        private String sweptByDefault;
        private String rangeTestBackend;
        private TaskSpec task;
        private DataSplit userData;
        private ModelSpec model;
        private ScriptModel script;
        private Augmentation augmentation = Augmentation.NONE;
        private double augmentNoise;
        private String backend = Backends.DEFAULT;
        private String device = Backends.DEFAULT_DEVICE;
        private int runs = DEFAULT_RUNS;
        private SweepConfig config = SweepConfig.defaults();
        private AnalysisOptions analysis = AnalysisOptions.defaults();
        private Path out;
        private String profile;
        private RunProgress progress = RunProgress.NONE;
        private int parallel = DEFAULT_PARALLEL;
        private int replicas = DEFAULT_REPLICAS;
        private boolean cudaGraphs;
        private TrainingSchedule target;
        private boolean verify = true;
        private int scanRates = VerificationSearch.DEFAULT_SCAN_RATES;
        private int verifySteps;
        private double verifyBudget = VerificationSearch.DEFAULT_BUDGET;
        private int trainSteps;
        private double epochs;
        private Fits userFits;
        private boolean userFitsValidated;

        Builder() {}

        /**
         * The schedule the recommended rate is handed to (constant, OneCycle's max_lr, cosine's
         * start); each has its own rule (see {@link dev.lrfinder.analysis.TargetRule}). Unless set,
         * the analysis options' target ({@link dev.lrfinder.analysis.TargetRule#DEFAULT_TARGET}).
         */
        public Builder optFor(TrainingSchedule target) {
            this.target = target;
            return this;
        }

        /**
         * Whether the answer is the verified rate (true, the default): after the range tests, a
         * bounded search by fits ({@link VerificationSearch}) scored on validation data: your split
         * or file, or for a built-in task (or data without one) {@link #DEFAULT_VERIFY_HOLD_OUT} of
         * the training rows. A model object of yours is verified when its range test has validation
         * data (optValidationDataset / optValidationData); without, its answer is unverified and the
         * report says why. False: the range tests alone, quickly.
         */
        public Builder optVerify(boolean verify) {
            this.verify = verify;
            return this;
        }

        /** The search's scanning fits over the range tests' bracket; {@link VerificationSearch#DEFAULT_SCAN_RATES} by default. */
        public Builder optVerifyScanRates(int scanRates) {
            this.scanRates = scanRates;
            return this;
        }

        /**
         * The verification's optimizer steps at most {@code multiple} times the range tests' (runs
         * x steps); {@link VerificationSearch#DEFAULT_BUDGET} by default. More lets the final fits run
         * a long training's whole length instead of a shorter one with a measured horizon correction.
         */
        public Builder optVerifyBudget(double multiple) {
            this.verifyBudget = multiple;
            return this;
        }

        /**
         * How long the training the rate is for runs, in optimizer steps: the final verification
         * fits run this long when the budget allows. Unset (0), the epochs' steps ({@link
         * #optEpochs}), else {@link #optVerifySteps}, else {@link #DEFAULT_VERIFY_STEPS}.
         */
        public Builder optTrainSteps(int steps) {
            this.trainSteps = steps;
            return this;
        }

        /**
         * How long the training runs, in epochs of the training data: {@code epochs} x ceil(rows /
         * (batch size x accumulation)) steps. Not with {@link #optTrainSteps}; not for a model object
         * of yours, whose data's size this finder does not know.
         */
        public Builder optEpochs(double epochs) {
            this.epochs = epochs;
            return this;
        }

        /** The verification fits' horizon when neither the training's steps nor its epochs are given. */
        public Builder optVerifySteps(int steps) {
            this.verifySteps = steps;
            return this;
        }

        /** A built-in task and model, swept on the backend of {@link #optBackend}. */
        public Builder setTask(TaskSpec task, ModelSpec model) {
            this.task = task;
            this.userData = null;
            this.model = model;
            this.script = null;
            this.sweeps = null;
            return this;
        }

        /**
         * Your TorchScript model (a {@code torch.jit.save} file) on a built-in task, swept on the
         * backend of {@link #optBackend} (both load TorchScript): every run loads the file afresh and
         * starts from its weights as saved, runs differ by their batch order; the file is only read.
         * {@link #build()} loads it once to check it against the data.
         */
        public Builder setTask(TaskSpec task, ScriptModel model) {
            setTask(task, (ModelSpec) null);
            this.script = model;
            return this;
        }

        /**
         * A built-in model on your data, swept on the backend of {@link #optBackend}: the model takes
         * the data's sample shape and classes, the loss is cross-entropy for classes and mean
         * squared error for regression. The validation data, when the split has some, are what
         * validation-loss mode ({@link SweepConfig#validationLoss()}) evaluates. The data are read
         * in place by every run, never copied.
         */
        public Builder setData(DataSplit data, ModelSpec model) {
            this.userData = data;
            this.task = null;
            this.model = model;
            this.script = null;
            this.sweeps = null;
            return this;
        }

        /** Your TorchScript model on your data (see {@link #setTask(TaskSpec, ScriptModel)} and {@link #setData(DataSplit, ModelSpec)}). */
        public Builder setData(DataSplit data, ScriptModel model) {
            setData(data, (ModelSpec) null);
            this.script = model;
            return this;
        }

        /** {@link #setData(DataSplit, ModelSpec)} on training data without validation data. */
        public Builder setData(LoadedData train, ModelSpec model) {
            return setData(train == null ? null : new DataSplit(train, null, Optional.empty()), model);
        }

        /** Image augmentation of every training batch of your data (random crops, flips, colour jitter); none by default. */
        public Builder optAugmentation(Augmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** Gaussian noise of this standard deviation added to every input of your data's training batches; 0 by default. */
        public Builder optAugmentNoise(double augmentNoise) {
            this.augmentNoise = augmentNoise;
            return this;
        }

        /**
         * Your DJL model, data set and loss, as a range-test builder (see {@link DjlRangeTest}). Its
         * config and listener are replaced per run by this finder's config (with the run's seed) and
         * progress.
         */
        public Builder setRangeTest(DjlRangeTest.Builder rangeTest) {
            setSweeps(rangeTest == null ? null
                    : (c, l) -> rangeTest.optConfig(c).optListener(l).build().run(), "DJL model", "djl");
            this.userFits = rangeTest == null ? null
                    : (c, s, lr) -> rangeTest.optConfig(scored(c)).optListener(SweepListener.NONE).build().fit(s, lr);
            this.userFitsValidated = rangeTest != null && rangeTest.hasValidation();
            return this;
        }

        /** A TorchScript model and its data on the native backend (see {@link NativeRangeTest}); as above. */
        public Builder setRangeTest(NativeRangeTest.Builder rangeTest) {
            setSweeps(rangeTest == null ? null
                    : (c, l) -> rangeTest.optConfig(c).optListener(l).build().run(), "TorchScript model", "native");
            this.userFits = rangeTest == null ? null
                    : (c, s, lr) -> rangeTest.optConfig(scored(c)).optListener(SweepListener.NONE).build().fit(s, lr);
            this.userFitsValidated = rangeTest != null && rangeTest.hasValidation();
            return this;
        }

        /** A fit's config: validation data wired, read once at the end; the divergence rule on the training loss. */
        private static SweepConfig scored(SweepConfig c) {
            return c.toBuilder().optValidationLoss(true).optCurve(SweepCurve.TRAIN).build();
        }

        private Builder setSweeps(Sweeps sweeps, String what, String backendId) {
            this.sweeps = sweeps;
            this.sweptByDefault = what;
            this.rangeTestBackend = backendId;
            this.task = null;
            this.userData = null;
            this.model = null;
            this.script = null;
            this.userFits = null;
            return this;
        }

        /**
         * {@code auto} (the default: native where its shim is built and loads, else djl; see {@link
         * Backends}), {@code djl} or {@code native}, for a built-in task. A DJL model runs on djl and
         * a TorchScript one on native whatever this says.
         */
        public Builder optBackend(String backend) {
            this.backend = backend;
            return this;
        }

        /** {@code cpu} (the default), or {@code cuda}/{@code cuda:N} on the native backend, for a built-in task. */
        public Builder optDevice(String device) {
            this.device = device;
            return this;
        }

        /** How many range tests to run and aggregate, from 1; {@value #DEFAULT_RUNS} by default. */
        public Builder optRuns(int runs) {
            this.runs = runs;
            return this;
        }

        /**
         * How many runs run at once, each on a thread of its own, for a built-in task; {@value
         * #DEFAULT_PARALLEL} (the default) for as many as the cores allow at the config's threads
         * (see {@link #DEFAULT_PARALLEL}); a TorchScript file too, each run loading its own copy. A
         * model object of yours ({@link #setRangeTest}) is swept one run at a time: its runs share
         * its weights, so only 1 (or the default) is allowed for it.
         */
        public Builder optParallel(int parallel) {
            this.parallel = parallel;
            return this;
        }

        /**
         * How many runs train at once as batched replicas of one model (stacked weights, batched
         * products, grouped convolutions: one launch for all), for a built-in model on the native
         * backend; each run's curve is the one it has alone, to float rounding. 1 turns batching off;
         * {@value #DEFAULT_REPLICAS} (the default) is {@link #DEFAULT_REPLICAS}'s rule.
         */
        public Builder optReplicas(int replicas) {
            this.replicas = replicas;
            return this;
        }

        /**
         * Capture each batched step once as a CUDA graph and replay it (native backend, CUDA device,
         * a shim built against a torch with CUDA); off by default. Runs go through batched groups
         * then, of one run each when batching is off.
         */
        public Builder optCudaGraphs(boolean cudaGraphs) {
            this.cudaGraphs = cudaGraphs;
            return this;
        }

        /** The sweep settings of the first run; run {@code i} uses seed + {@code i}. */
        public Builder optConfig(SweepConfig config) {
            this.config = config;
            return this;
        }

        /** How the curves are read: smoothing, suggestion rules, the method the recommendation uses. */
        public Builder optAnalysis(AnalysisOptions analysis) {
            this.analysis = analysis;
            return this;
        }

        /** What the report calls the thing swept, e.g. {@code "resnet-ish on my photos"}. */
        public Builder optSubject(String subject) {
            this.subject = subject;
            return this;
        }

        /**
         * Write the report folder here (report.json, curves.csv, plots, per-run files), as one set
         * that replaces an older report whole; checked in {@link #build()}, before any sweep.
         */
        public Builder optOut(Path out) {
            this.out = out;
            return this;
        }

        /** The profile file the settings came from, for the report's {@code profile} field. */
        public Builder optProfile(String profile) {
            this.profile = profile;
            return this;
        }

        /** Told per run and per block of losses (a progress bar). */
        public Builder optProgress(RunProgress progress) {
            this.progress = progress;
            return this;
        }

        public LrFinder build() {
            Checks.inRange("runs", runs, 1, 10_000);
            if (config == null) {
                throw Checks.invalid("config", null, "a SweepConfig");
            }
            if (analysis == null) {
                throw Checks.invalid("analysis", null, "an AnalysisOptions");
            }
            if (progress == null) {
                throw Checks.invalid("progress", null, "a RunProgress (RunProgress.NONE for none)");
            }
            Checks.inRange("parallel", parallel, 0, 10_000);
            Checks.inRange("verifyScanRates", scanRates, 3, 100);
            Checks.inRange("verifySteps", verifySteps, 0, SweepConfig.MAX_STEPS);
            Checks.inRange("trainSteps", trainSteps, 0, SweepConfig.MAX_STEPS);
            if (!(verifyBudget > 0 && verifyBudget <= 1000)) {
                throw Checks.invalid("verifyBudget", verifyBudget, "a multiple of the range tests' steps in (0, 1000]");
            }
            if (!(epochs >= 0 && epochs <= 1e6)) {
                throw Checks.invalid("epochs", epochs, "a number of epochs in (0, 1e6]");
            }
            if (epochs > 0 && trainSteps > 0) {
                throw Checks.invalid("epochs", epochs, "unset when trainSteps (" + trainSteps + ") says the training's length");
            }
            int trainRows = 0; // for epochs in steps
            String unverifiedWhy = null;
            Sweeps chosen = sweeps;
            String swept = sweptByDefault;
            if (out != null) {
                ReportFolder.check(out);
            }
            Checks.inRange("replicas", replicas, 0, 10_000);
            int atOnce = 1;
            int groupSize = 1;
            Groups grouped = null;
            SweepConfig resolved = config; // with the loss the data train on, for the report
            int fitParallel = 1;
            Fits fits = null;
            String fitValidation = null;
            BackendChoice choice;
            DataSummary summary = null;
            if (task != null) {
                if (model == null && script == null) {
                    throw Checks.invalid("model", null, "a ModelSpec or ScriptModel for the task");
                }
                if (model != null) {
                    model.checkFits(task);
                }
                task.checkBatchSize(config.batchSize());
                if (config.validationLoss()) {
                    throw Checks.invalid("validationLoss", true, "false for a built-in task, which has no validation data");
                }
                resolved = config.toBuilder()
                        .optLoss(config.loss().resolvedFor(task.kind().isClassification() ? task.classes() : 0))
                        .build();
                TaskDataCache.PROCESS.prefetch(task); // while the backend's libtorch loads
                choice = Backends.choose(backend, device);
                SweepBackend sweepBackend = withGraphs(Backends.byId(choice.chosen(), device));
                TaskSpec t = task;
                ModelSpec m = model;
                if (script != null) {
                    SweepData sweepData = SweepData.of(task.trainingData());
                    swept = task.describe() + ", " + sweepBackend.check(sweepData, script, config.loss());
                    chosen = scriptSweeps(sweepBackend, sweepData);
                    refuseBuiltInOnlyOptionsForScript();
                } else {
                    chosen = (c, l) -> sweepBackend.run(t, m, c, l);
                    swept = task.describe() + ", " + model.describe();
                    SweepData taskData = SweepData.of(task.trainingData());
                    groupSize = groupSize(sweepBackend, taskData);
                    grouped = (c, l) -> sweepBackend.runReplicas(taskData, m, c, l);
                }
                atOnce = defaultParallel(); // a TorchScript file: each run loads its own copy
                fitParallel = fitParallel();
                trainRows = t.trainingData().samples();
                if (verify) {
                    SweepData d = heldOut(t.trainingData());
                    ScriptModel s = script;
                    fits = s != null ? (c, sc, lr) -> sweepBackend.fit(d, s, c, sc, lr)
                            : (c, sc, lr) -> sweepBackend.fit(d, m, c, sc, lr);
                    fitValidation = heldOutText();
                }
            } else if (userData != null) {
                if (model == null && script == null) {
                    throw Checks.invalid("model", null, "a ModelSpec or ScriptModel for the data");
                }
                if (augmentation == null) {
                    throw Checks.invalid("augmentation", null, "an Augmentation (Augmentation.NONE for none)");
                }
                TrainingData train = userData.train().trainingData(augmentation, augmentNoise);
                SweepData sweepData = userData.hasValidation()
                        ? SweepData.of(train, userData.validation().trainingData())
                        : SweepData.of(train);
                if (model != null) {
                    model.checkFits(train);
                }
                sweepData.check(config); // the batch size, and validation data for validation-loss mode
                resolved = config.withLossFor(train);
                choice = Backends.choose(backend, device);
                SweepBackend sweepBackend = withGraphs(Backends.byId(choice.chosen(), device));
                ModelSpec m = model;
                if (script != null) {
                    swept = train.describe() + ", " + sweepBackend.check(sweepData, script, config.loss());
                    chosen = scriptSweeps(sweepBackend, sweepData);
                    refuseBuiltInOnlyOptionsForScript();
                } else {
                    chosen = (c, l) -> sweepBackend.run(sweepData, m, c, l);
                    swept = train.describe() + ", " + model.describe();
                    groupSize = groupSize(sweepBackend, sweepData);
                    grouped = (c, l) -> sweepBackend.runReplicas(sweepData, m, c, l);
                }
                summary = userData.summary();
                atOnce = defaultParallel(); // the runs share the one read-only data set
                fitParallel = fitParallel();
                trainRows = train.samples();
                if (verify) {
                    SweepData d = null;
                    if (userData.hasValidation()) {
                        d = sweepData;
                        fitValidation = userData.summary().validationSource().orElse("the validation data") + " ("
                                + userData.validation().samples() + " samples)";
                    } else {
                        try {
                            DataSplit split = DataSplit.byFraction(userData.train(), DEFAULT_VERIFY_HOLD_OUT,
                                    config.seed(), train.isClassification());
                            d = SweepData.of(split.train().trainingData(augmentation, augmentNoise),
                                    split.validation().trainingData());
                            fitValidation = heldOutText();
                        } catch (IllegalArgumentException tooSmall) {
                            // Data too small to hold a share out: the range tests still answer, unverified.
                            unverifiedWhy = "the training data cannot spare a held-out "
                                    + Math.round(DEFAULT_VERIFY_HOLD_OUT * 100) + "% to score fits on ("
                                    + tooSmall.getMessage().replaceFirst("^[^:]*: ", "")
                                    + "); give validation data (--val-data, --val-split) to verify";
                        }
                    }
                    if (d != null) {
                        SweepData scored = d;
                        ScriptModel s = script;
                        fits = s != null ? (c, sc, lr) -> sweepBackend.fit(scored, s, c, sc, lr)
                                : (c, sc, lr) -> sweepBackend.fit(scored, m, c, sc, lr);
                    }
                }
            } else if (chosen == null) {
                throw Checks.invalid("task", null, "set with setTask, setData or setRangeTest");
            } else {
                if (parallel > 1) {
                    throw Checks.invalid("parallel", parallel, "1 for a model of yours (its runs share its weights)");
                }
                if (replicas > 1) {
                    throw Checks.invalid("replicas", replicas, "1 for a model of yours (batched replicas are built-in models')");
                }
                if (cudaGraphs) {
                    throw Checks.invalid("cudaGraphs", "on", "off for a model of yours (graphs replay batched built-in models)");
                }
                choice = new BackendChoice(backend, rangeTestBackend,
                        "a " + sweptByDefault + " runs on the " + rangeTestBackend + " backend");
                if (epochs > 0) {
                    throw Checks.invalid("epochs", epochs, "unset for a model of yours (its data's size is its own):"
                            + " give optTrainSteps");
                }
                if (verify) {
                    if (userFits == null || !userFitsValidated) {
                        unverifiedWhy = "a model of yours without validation data: nothing to score verification"
                                + " fits on (give the range test optValidationDataset or optValidationData)";
                    } else {
                        fits = userFits;
                        fitValidation = "the range test's validation data";
                    }
                }
            }
            checkPrecision(choice);
            boolean batched = grouped != null && (groupSize > 1 || cudaGraphs);
            int horizon = trainSteps > 0 ? trainSteps
                    : epochs > 0 ? epochSteps(trainRows)
                    : verifySteps > 0 ? verifySteps : DEFAULT_VERIFY_STEPS;
            return new LrFinder(this, resolved, chosen, subject != null ? subject : swept, summary, atOnce, choice,
                    batched ? grouped : null, groupSize, fits, fitValidation, fitParallel, horizon, unverifiedWhy);
        }

        /** {@link #epochs} in optimizer steps of the config's batch size and accumulation. */
        private int epochSteps(int rows) {
            long perEpoch = (rows + (long) config.batchSize() * config.accumulate() - 1)
                    / ((long) config.batchSize() * config.accumulate());
            return (int) Math.max(1, Math.min(SweepConfig.MAX_STEPS, Math.ceil(epochs * perEpoch)));
        }

        /** Before any sweep: bf16 and fp16 are the native backend's, fp16 CUDA's. */
        private void checkPrecision(BackendChoice choice) {
            Precision precision = config.precision();
            if (precision != Precision.FP32 && "djl".equals(choice.chosen())) {
                throw Checks.invalid("precision", precision.id(), "fp32 on the djl backend (bf16 and fp16 run on --backend native)");
            }
            if (precision == Precision.FP16 && !device.startsWith("cuda")) {
                throw Checks.invalid("precision", precision.id(), "fp32 or bf16 on " + device + " (fp16 needs a CUDA device)");
            }
        }

        /** The backend, with CUDA graphs when asked (native only; checked there). */
        private SweepBackend withGraphs(SweepBackend chosen) {
            if (!cudaGraphs) {
                return chosen;
            }
            if (!(chosen instanceof NativeBackend nativeBackend)) {
                throw Checks.invalid("cudaGraphs", "on", "off on the " + chosen.id() + " backend (graphs are the native backend's)");
            }
            return nativeBackend.withCudaGraphs(true);
        }

        /** Runs per batched group: as asked (refused where the backend cannot batch), else {@link #DEFAULT_REPLICAS}'s rule. */
        private int groupSize(SweepBackend chosen, SweepData data) {
            Optional<String> refused = chosen.replicasRefused(data, model, config);
            if (replicas > 1 || cudaGraphs) {
                refused.ifPresent(why -> {
                    throw cudaGraphs && replicas <= 1 ? Checks.invalid("cudaGraphs", "on", "off: " + why)
                            : Checks.invalid("replicas", replicas, "1 here: " + why);
                });
            }
            if (replicas != DEFAULT_REPLICAS) {
                return Math.min(replicas, runs);
            }
            return device.startsWith("cuda") && refused.isEmpty() ? runs : 1;
        }

        /** Batched replicas and CUDA graphs are built-in models' only: a TorchScript file's runs go one per session. */
        private void refuseBuiltInOnlyOptionsForScript() {
            if (replicas > 1) {
                throw Checks.invalid("replicas", replicas, "1 for a TorchScript model (batched replicas are built-in models')");
            }
            if (cudaGraphs) {
                throw Checks.invalid("cudaGraphs", "on", "off for a TorchScript model (graphs replay batched built-in models)");
            }
        }

        private Sweeps scriptSweeps(SweepBackend sweepBackend, SweepData sweepData) {
            ScriptModel s = script;
            return (c, l) -> sweepBackend.run(sweepData, s, c, l);
        }

        /** A built-in task's rows with {@link #DEFAULT_VERIFY_HOLD_OUT} held out, seeded by the config's seed. */
        private SweepData heldOut(TrainingData data) {
            HeldOut split = HeldOut.split(data, DEFAULT_VERIFY_HOLD_OUT, config.seed());
            return SweepData.of(split.train(), split.validation());
        }

        private static String heldOutText() {
            return "a held-out " + Math.round(DEFAULT_VERIFY_HOLD_OUT * 100) + "% of the training data (the fits train on"
                    + " the rest)";
        }

        /** Verification fits at once: as many as the cores allow at the config's threads (a stage's fits, at most). */
        private int fitParallel() {
            int cores = Runtime.getRuntime().availableProcessors();
            return Math.max(1, parallel != DEFAULT_PARALLEL ? parallel : cores / config.threads());
        }

        /** Runs at once: as asked, else as many as the cores allow at the config's threads; never more than the runs. */
        private int defaultParallel() {
            if (parallel != DEFAULT_PARALLEL) {
                return Math.min(runs, parallel);
            }
            return LrFinder.defaultParallel(runs, Math.max(1, Runtime.getRuntime().availableProcessors() / config.threads()));
        }
    }
}
