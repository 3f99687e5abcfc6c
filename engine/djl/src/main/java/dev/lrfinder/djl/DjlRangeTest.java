package dev.lrfinder.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.LossCurve;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.RunInfo;
import dev.lrfinder.sweep.StepTimes;
import dev.lrfinder.sweep.StopReason;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepListener;
import dev.lrfinder.sweep.SweepResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A learning-rate range test on a DJL model: the library entry point for Java users, and the sweep
 * loop of the {@code djl} backend.
 *
 * <pre>{@code
 * try (Model model = Model.newInstance("mine")) {
 *     model.setBlock(myBlock);
 *     SweepResult result = DjlRangeTest.builder()
 *             .setModel(model)
 *             .setDataset(myDataset)
 *             .setLoss(Loss.softmaxCrossEntropyLoss())
 *             .optConfig(SweepConfig.builder().optLrMax(1).build())
 *             .optOptimizer(lr -> Optimizer.adam().optLearningRateTracker(lr).build())
 *             .optInputShapes(new Shape(64, 784)) // only if the block is not initialised yet
 *             .build()
 *             .run();
 *     double[] lrs = result.curve().lrs();
 * }
 * }</pre>
 *
 * <p>What {@link #run()} promises: the learning rate is set before every optimizer step from the
 * config's schedule and the rate actually applied is recorded; divergence and NaN end the curve
 * with a {@link StopReason}, never an exception; every parameter of the block is restored bit for
 * bit afterwards, also when the sweep throws or its thread is interrupted. The optimizer is one the
 * sweep builds for itself and throws away, so no optimizer of yours is ever stepped.
 */
public final class DjlRangeTest {
    private final Model model;
    private final Loss loss;
    private final SweepConfig config;
    private final Function<ParameterTracker, Optimizer> optimizer;
    private final boolean customOptimizer;
    private final Initializer initializer;
    private final Shape[] inputShapes;
    private final Function<Trainer, BatchSource> batches;
    private final String task;
    private final double[] lrGrid;
    private final SweepListener listener;

    private DjlRangeTest(Builder b) {
        this.model = b.model;
        this.loss = b.loss;
        this.config = b.config;
        this.optimizer = b.optimizer != null ? b.optimizer : lr -> DjlOptimizers.create(b.config.optimizer(), lr);
        this.customOptimizer = b.optimizer != null;
        this.initializer = b.initializer;
        this.inputShapes = b.inputShapes;
        this.batches = b.batches;
        this.task = b.task;
        this.lrGrid = b.lrGrid != null ? b.lrGrid : b.config.lrGrid();
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the sweep and restores the model; see the class comment for what it promises. */
    public SweepResult run() {
        try (DjlSession session = open()) {
            return sweep(session);
        }
    }

    /**
     * Sets the model up for sweeping without running anything: for callers that step it
     * themselves. Closing the session restores the model.
     */
    public DjlSession open() {
        return open(null);
    }

    /** {@link #open()}; the session closes {@code ownedModel} when it closes. */
    DjlSession open(Model ownedModel) {
        Engine engine = DjlRuntime.engine(config.threads());
        engine.setRandomSeed(Long.hashCode(config.seed()));
        SweepLrTracker lr = new SweepLrTracker((float) config.lrMin());
        DefaultTrainingConfig training = new DefaultTrainingConfig(loss).optOptimizer(optimizer.apply(lr));
        if (initializer != null) {
            training.optInitializer(initializer, Parameter.Type.WEIGHT);
        }
        Block block = model.getBlock();
        Trainer trainer = model.newTrainer(training);
        ParameterSnapshot snapshot = null;
        try {
            if (!block.isInitialized()) {
                if (inputShapes == null) {
                    throw new IllegalStateException(
                            "the model's block is not initialised: pass its input shapes with optInputShapes");
                }
                trainer.initialize(inputShapes);
            }
            snapshot = ParameterSnapshot.take(block, trainer.getManager());
            DirectSgdUpdate direct = customOptimizer || config.optimizer().kind() != OptimizerKind.SGD
                    ? null
                    : new DirectSgdUpdate(block, (float) config.optimizer().weightDecay());
            return new DjlSession(engine, trainer, batches.apply(trainer), lr, snapshot, direct, ownedModel);
        } catch (RuntimeException e) {
            if (snapshot != null) {
                snapshot.close();
            }
            trainer.close();
            throw e;
        }
    }

    private SweepResult sweep(DjlSession session) {
        double[] grid = lrGrid;
        double[] applied = new double[grid.length];
        double[] losses = new double[grid.length];
        DivergenceRule.Monitor monitor = config.divergence().newMonitor();
        int readEvery = config.lossReadInterval();
        List<NDArray> pending = new ArrayList<>(readEvery);

        long[] stepNanos = new long[grid.length];
        int recorded = 0;
        int executed = 0;
        StopReason stop = null;
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        NDManager unread = session.newScope();
        try {
            for (int step = 0; step < grid.length && stop == null; step++) {
                if (Thread.currentThread().isInterrupted()) {
                    stop = StopReason.INTERRUPTED;
                    break;
                }
                long stepStart = System.nanoTime();
                float rate = (float) grid[step];
                applied[step] = rate;
                try (NDManager stepScope = session.newScope()) {
                    NDArray stepLoss = session.step(rate, stepScope);
                    stepLoss.attach(unread);
                    pending.add(stepLoss);
                }
                if (pending.size() == readEvery || step == grid.length - 1) {
                    for (float value : readAll(pending)) {
                        losses[recorded++] = value;
                        stop = monitor.observe(value);
                        if (stop != null) {
                            break; // steps already run past this one are dropped
                        }
                    }
                    pending.clear();
                    unread.close();
                    unread = session.newScope();
                    listener.onLosses(recorded, grid.length, losses[recorded - 1]);
                }
                stepNanos[executed++] = System.nanoTime() - stepStart;
            }
            if (stop == StopReason.INTERRUPTED && !pending.isEmpty()) {
                for (float value : readAll(pending)) {
                    losses[recorded++] = value;
                }
            }
        } finally {
            unread.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        StopReason reason = stop != null ? stop : StopReason.COMPLETED;
        LossCurve curve = new LossCurve(
                Arrays.copyOf(applied, recorded), Arrays.copyOf(losses, recorded), reason, grid.length);
        Engine engine = session.engine();
        RunInfo info = new RunInfo(
                "djl",
                engine.getEngineName(),
                engine.getVersion(),
                "DJL " + Engine.getDjlVersion(),
                session.deviceName(),
                config.threads(),
                config.seed(),
                task,
                startedAt,
                seconds,
                executed / seconds,
                StepTimes.ofNanos(stepNanos, executed),
                reason);
        return new SweepResult(config, curve, info);
    }

    /** One host read for a block of per-step losses. */
    private static float[] readAll(List<NDArray> pending) {
        try (NDArray stacked = NDArrays.stack(new NDList(pending))) {
            return DjlSession.hostFloats(stacked);
        }
    }

    /** Collects the parts of a range test; {@link #build()} checks them. */
    public static final class Builder {
        private Model model;
        private Loss loss;
        private SweepConfig config = SweepConfig.defaults();
        private Function<ParameterTracker, Optimizer> optimizer;
        private Initializer initializer;
        private Shape[] inputShapes;
        private Function<Trainer, BatchSource> batches;
        private String task = "user model";
        private double[] lrGrid;
        private SweepListener listener = SweepListener.NONE;

        Builder() {}

        /** The model to sweep; its parameters are restored afterwards. Required. */
        public Builder setModel(Model model) {
            this.model = model;
            return this;
        }

        /** The training data, read epoch after epoch as long as the sweep needs. Required. */
        public Builder setDataset(Dataset dataset) {
            this.batches = trainer -> new DatasetBatches(trainer, dataset);
            return this;
        }

        /** The training loss. Required. */
        public Builder setLoss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /** The sweep's range, schedule, seed, divergence rule and threads; defaults otherwise. */
        public Builder optConfig(SweepConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Your own optimizer, built around the sweep's learning-rate tracker, e.g. {@code lr ->
         * Optimizer.adam().optLearningRateTracker(lr).optBeta2(0.99f).build()}. Without it the
         * config's {@link dev.lrfinder.sweep.OptimizerSpec} is used.
         */
        public Builder optOptimizer(Function<ParameterTracker, Optimizer> optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** The weight initializer, used only when the block is not initialised yet. */
        public Builder optInitializer(Initializer initializer) {
            this.initializer = initializer;
            return this;
        }

        /** Input shapes to initialise the block with, needed only when it is not initialised. */
        public Builder optInputShapes(Shape... inputShapes) {
            this.inputShapes = inputShapes.clone();
            return this;
        }

        /** A short description of the model and data, for the run record. */
        public Builder optTaskDescription(String task) {
            this.task = task;
            return this;
        }

        /** Told as losses reach the host, every {@code lossReadInterval} steps (a progress bar). */
        public Builder optListener(SweepListener listener) {
            this.listener = listener;
            return this;
        }

        /** Replaces the config's schedule with these rates, one per step (a fixed-rate fit). */
        Builder optLrGrid(double[] lrGrid) {
            this.lrGrid = lrGrid.clone();
            return this;
        }

        Builder setBatchSource(BatchSource source) {
            this.batches = trainer -> source;
            return this;
        }

        public DjlRangeTest build() {
            if (model == null) {
                throw Checks.invalid("model", null, "set with setModel");
            }
            if (model.getBlock() == null) {
                throw Checks.invalid("model.block", null, "set with Model.setBlock before the range test");
            }
            if (batches == null) {
                throw Checks.invalid("dataset", null, "set with setDataset");
            }
            if (loss == null) {
                throw Checks.invalid("loss", null, "set with setLoss");
            }
            if (config == null) {
                throw Checks.invalid("config", null, "a SweepConfig");
            }
            return new DjlRangeTest(this);
        }
    }
}
