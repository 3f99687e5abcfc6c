package dev.lrfinder;

import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.base.Checks;
import dev.lrfinder.data.Augmentation;
import dev.lrfinder.data.DataSplit;
import dev.lrfinder.data.DataSummary;
import dev.lrfinder.data.LoadedData;
import dev.lrfinder.djl.DjlRangeTest;
import dev.lrfinder.nativebackend.NativeRangeTest;
import dev.lrfinder.plot.CurvePlot;
import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.report.Report;
import dev.lrfinder.report.ReportContext;
import dev.lrfinder.report.ReportFolder;
import dev.lrfinder.sweep.BackendChoice;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepData;
import dev.lrfinder.sweep.SweepListener;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskDataCache;
import dev.lrfinder.task.TaskSpec;
import dev.lrfinder.task.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
 * ({@link Builder#setRangeTest(NativeRangeTest.Builder)}).
 * Run {@code i} (from 0) uses the config's seed + {@code i}: a new batch order, and for built-in
 * models new initial weights; a model of yours starts every run from its own weights, which are
 * restored after each.
 *
 * <p>Runs of a built-in task run several at once ({@link Builder#optParallel}), in this JVM, on the
 * one generated data set; each run's curve is the same as when the runs go one after another.
 */
public final class LrFinder {
    /** How many range tests {@link #run()} makes when not told: enough for a spread and a median. */
    public static final int DEFAULT_RUNS = 3;
    /**
     * {@link Builder#optParallel}'s "as many runs at once as the cores allow": the available
     * processors divided by the config's libtorch threads (at least 1, at most the runs). Every run
     * then has its cores to itself; more at once only queue for them.
     */
    public static final int DEFAULT_PARALLEL = 0;

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

    private LrFinder(Builder b, SweepConfig config, Sweeps sweeps, String subject, DataSummary data, int parallel,
            BackendChoice backend) {
        this.sweeps = sweeps;
        this.subject = subject;
        this.runs = b.runs;
        this.config = config;
        // Each curve ends where the sweep's own divergence rule stopped it: the analysis reads it
        // under that rule (with none, the whole recorded curve), not the analysis's default.
        this.analysis = b.analysis.toBuilder().optDivergence(b.config.divergence()).build();
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
        List<AnalyzedRun> analyzed = ParallelRuns.run(runs, parallel, i -> {
            SweepConfig runConfig = config.toBuilder().optSeed(config.seed() + i).build();
            SweepResult result = sweeps.run(runConfig, progress.forRun(i + 1, runConfig.steps()));
            AnalysisResult curveAnalysis = CurveAnalysis.analyze(result.curve().lrs(), AnalyzedRun.analyzedLosses(result),
                    analysis);
            progress.runDone(i + 1, result);
            return AnalyzedRun.ofSweep("run " + (i + 1), result, curveAnalysis);
        });
        return summarize(analyzed);
    }

    /** How many runs run at once. */
    public int parallel() {
        return parallel;
    }

    /** Which backend the runs use, and why. */
    public BackendChoice backend() {
        return backend;
    }

    private FindResult summarize(List<AnalyzedRun> analyzed) {
        ReportContext context = new ReportContext("find", subject, config, CurveAnalysis.PIPELINE,
                analysis.smoothing().id(), List.copyOf(analysis.methods()), analysis.defaultMethod(), profile, List.of(),
                data, backend);
        Report report = Report.of(context, analyzed, analysis);
        if (out == null) {
            return new FindResult(report, Optional.empty());
        }
        try {
            return new FindResult(report, Optional.of(ReportFolder.write(out, report, CurvePlot::render)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report folder " + out + " (nothing there was changed)", e);
        }
    }

    /** One run of whatever is swept, at a given config (seed) and listener. */
    @FunctionalInterface
    private interface Sweeps {
        SweepResult run(SweepConfig config, SweepListener listener);
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

        Builder() {}

        /** A built-in task and model, swept on the backend of {@link #optBackend}. */
        public Builder setTask(TaskSpec task, ModelSpec model) {
            this.task = task;
            this.userData = null;
            this.model = model;
            this.sweeps = null;
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
            this.sweeps = null;
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
            return setSweeps(rangeTest == null ? null
                    : (c, l) -> rangeTest.optConfig(c).optListener(l).build().run(), "DJL model", "djl");
        }

        /** A TorchScript model and its data on the native backend (see {@link NativeRangeTest}); as above. */
        public Builder setRangeTest(NativeRangeTest.Builder rangeTest) {
            return setSweeps(rangeTest == null ? null
                    : (c, l) -> rangeTest.optConfig(c).optListener(l).build().run(), "TorchScript model", "native");
        }

        private Builder setSweeps(Sweeps sweeps, String what, String backendId) {
            this.sweeps = sweeps;
            this.sweptByDefault = what;
            this.rangeTestBackend = backendId;
            this.task = null;
            this.userData = null;
            this.model = null;
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
         * (see {@link #DEFAULT_PARALLEL}). A model of yours is swept one run at a time: its runs
         * share its weights, so only 1 (or the default) is allowed for it.
         */
        public Builder optParallel(int parallel) {
            this.parallel = parallel;
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
            Sweeps chosen = sweeps;
            String swept = sweptByDefault;
            if (out != null) {
                ReportFolder.check(out);
            }
            int atOnce = 1;
            SweepConfig resolved = config; // with the loss the data train on, for the report
            BackendChoice choice;
            DataSummary summary = null;
            if (task != null) {
                if (model == null) {
                    throw Checks.invalid("model", null, "a ModelSpec for the task");
                }
                model.checkFits(task);
                task.checkBatchSize(config.batchSize());
                if (config.validationLoss()) {
                    throw Checks.invalid("validationLoss", true, "false for a built-in task, which has no validation data");
                }
                resolved = config.toBuilder()
                        .optLoss(config.loss().resolvedFor(task.kind().isClassification() ? task.classes() : 0))
                        .build();
                TaskDataCache.PROCESS.prefetch(task); // while the backend's libtorch loads
                choice = Backends.choose(backend, device);
                SweepBackend sweepBackend = Backends.byId(choice.chosen(), device);
                TaskSpec t = task;
                ModelSpec m = model;
                chosen = (c, l) -> sweepBackend.run(t, m, c, l);
                swept = task.describe() + ", " + model.describe();
                atOnce = defaultParallel();
            } else if (userData != null) {
                if (model == null) {
                    throw Checks.invalid("model", null, "a ModelSpec for the data");
                }
                if (augmentation == null) {
                    throw Checks.invalid("augmentation", null, "an Augmentation (Augmentation.NONE for none)");
                }
                TrainingData train = userData.train().trainingData(augmentation, augmentNoise);
                SweepData sweepData = userData.hasValidation()
                        ? SweepData.of(train, userData.validation().trainingData())
                        : SweepData.of(train);
                model.checkFits(train);
                sweepData.check(config); // the batch size, and validation data for validation-loss mode
                resolved = config.withLossFor(train);
                choice = Backends.choose(backend, device);
                SweepBackend sweepBackend = Backends.byId(choice.chosen(), device);
                ModelSpec m = model;
                chosen = (c, l) -> sweepBackend.run(sweepData, m, c, l);
                swept = train.describe() + ", " + model.describe();
                summary = userData.summary();
                atOnce = defaultParallel(); // the runs share the one read-only data set
            } else if (chosen == null) {
                throw Checks.invalid("task", null, "set with setTask, setData or setRangeTest");
            } else {
                if (parallel > 1) {
                    throw Checks.invalid("parallel", parallel, "1 for a model of yours (its runs share its weights)");
                }
                choice = new BackendChoice(backend, rangeTestBackend,
                        "a " + sweptByDefault + " runs on the " + rangeTestBackend + " backend");
            }
            return new LrFinder(this, resolved, chosen, subject != null ? subject : swept, summary, atOnce, choice);
        }

        /** Runs at once: as asked, else as many as the cores allow at the config's threads; never more than the runs. */
        private int defaultParallel() {
            int cores = Runtime.getRuntime().availableProcessors();
            return Math.min(runs, parallel != DEFAULT_PARALLEL ? parallel : Math.max(1, cores / config.threads()));
        }
    }
}
