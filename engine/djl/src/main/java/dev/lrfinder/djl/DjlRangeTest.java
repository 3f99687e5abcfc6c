package dev.lrfinder.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
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
import dev.lrfinder.sweep.Precision;
import dev.lrfinder.sweep.RangeTestBuilder;
import dev.lrfinder.sweep.StopReason;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.FitResult;
import dev.lrfinder.sweep.SweepLoop;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.ScheduleOptions;
import dev.lrfinder.sweep.TrainingSchedule;
import dev.lrfinder.sweep.SweepResult;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A learning-rate range test on a DJL model: the library entry point for Java users, and how the
 * {@code djl} backend sets a model up for {@link SweepLoop}.
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
 * sweep builds for itself and throws away, so no optimizer of yours is ever stepped: the config's
 * ({@link dev.lrfinder.sweep.OptimizerSpec}, torch.optim's rules), or one built by {@link
 * Builder#optOptimizer}. With {@link SweepConfig#accumulate()} above 1 each step trains that many
 * batches of the dataset, one after another, their gradients averaged. The loss is yours: the
 * config's {@link SweepConfig#loss()} is for the built-in models.
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
    private final Supplier<Validation> validation;
    private final SweepLoop loop;

    private DjlRangeTest(Builder b, SweepConfig config, SweepLoop loop) {
        this.model = b.model;
        this.loss = b.loss;
        this.config = config;
        // The built-in optimizers step through DirectUpdate: the trainer's own is never stepped then.
        this.optimizer = b.optimizer != null ? b.optimizer : lr -> Optimizer.sgd().setLearningRateTracker(lr).build();
        this.customOptimizer = b.optimizer != null;
        this.initializer = b.initializer;
        this.inputShapes = b.inputShapes;
        this.batches = b.batches;
        this.validation = config.validationLoss() ? b.validation : null;
        this.loop = loop;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the sweep and restores the model; see the class comment for what it promises. */
    public SweepResult run() {
        try (DjlSession session = open()) {
            return loop.run(session);
        }
    }

    /**
     * A short fit of the config's steps under {@code schedule} with {@code lr} as its rate and the
     * config's schedule knobs (OneCycle cycles the built-in optimizer's momentum too), from the
     * model's weights as they are, scored on the validation data after the last step; then the model
     * is put back, bit for bit (how {@code --verify} checks a rate on a model of yours). Needs a
     * config in validation-loss mode and validation data.
     */
    public FitResult fit(TrainingSchedule schedule, double lr) {
        ScheduleOptions knobs = config.scheduleOptions();
        // A DJL optimizer of the caller's has no momentum the fit can reach: only its rate follows the schedule.
        OptimizerSpec spec = customOptimizer ? config.optimizer() : schedule.optimizerFor(config.optimizer(), knobs);
        SweepLoop fit = SweepLoop.builder().setConfig(config.toBuilder().optOptimizer(spec).build())
                .optLrs(schedule.rates(lr, config.steps(), knobs))
                .optMomenta(customOptimizer ? null : schedule.momenta(config.steps(), knobs))
                .optTaskDescription("user model").build();
        try (DjlSession session = open(null, spec)) {
            return fit.fit(session);
        }
    }

    /**
     * Sets the model up for sweeping without running anything: for callers that step it
     * themselves. Take {@link DjlSession#snapshot()} first to put the model back afterwards.
     */
    public DjlSession open() {
        return open(null);
    }

    /** {@link #open()}; the session closes {@code ownedModel} when it closes. */
    DjlSession open(Model ownedModel) {
        return open(ownedModel, config.optimizer());
    }

    /** {@link #open(Model)} with the built-in optimizer {@code spec} in place of the config's. */
    private DjlSession open(Model ownedModel, OptimizerSpec spec) {
        Engine engine = DjlRuntime.engine(config.threads());
        SweepLrTracker lr = new SweepLrTracker((float) config.lrMin());
        DefaultTrainingConfig training = new DefaultTrainingConfig(loss).optOptimizer(optimizer.apply(lr));
        if (initializer != null) {
            training.optInitializer(initializer, Parameter.Type.WEIGHT);
        }
        Block block = model.getBlock();
        Trainer trainer;
        // libtorch has one random generator per process: seeding it and drawing the initial weights
        // is one step, or runs opened at once on other threads would draw each other's numbers.
        synchronized (DjlRuntime.RANDOM_SEED) {
            engine.setRandomSeed(Long.hashCode(config.seed()));
            trainer = model.newTrainer(training);
            try {
                if (!block.isInitialized()) {
                    if (inputShapes == null) {
                        throw new IllegalStateException(
                                "the model's block is not initialised: pass its input shapes with optInputShapes");
                    }
                    trainer.initialize(inputShapes);
                }
            } catch (RuntimeException e) {
                trainer.close();
                throw e;
            }
        }
        try {
            DirectUpdate direct = customOptimizer ? null
                    : DirectUpdate.create(spec, block, trainer.getManager());
            return new DjlSession(engine, trainer, batches.apply(trainer), lr, direct, config.accumulate(), ownedModel,
                    validation == null ? null : validation.get());
        } catch (RuntimeException e) {
            trainer.close();
            throw e;
        }
    }

    /** DJL's optimizers and blocks run float32 only: a reduced precision is refused, naming the backend that has it. */
    static void checkPrecision(SweepConfig config) {
        if (config.precision() != Precision.FP32) {
            throw Checks.invalid("precision", config.precision().id(),
                    "fp32 on the djl backend (bf16 and fp16 run on --backend native)");
        }
    }

    /** Collects the parts of a range test; {@link #build()} checks them. */
    public static final class Builder extends RangeTestBuilder<Builder> {
        private Model model;
        private Loss loss;
        private Function<ParameterTracker, Optimizer> optimizer;
        private Initializer initializer;
        private Shape[] inputShapes;
        private Function<Trainer, BatchSource> batches;
        private Supplier<Validation> validation;

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

        /**
         * Validation data for validation-loss mode ({@link SweepConfig#validationLoss()}), as
         * torch-lr-finder's {@code val_loader}: after every step the model is evaluated on every
         * batch {@code dataset} yields (or the first {@link SweepConfig#validationBatches()}), in eval
         * mode without gradient, and that loss is recorded too. Give it one that does not shuffle, so
         * that every step sees the same batches.
         */
        public Builder optValidationDataset(Dataset dataset) {
            this.validation = dataset == null ? null : () -> new DatasetValidation(dataset, config().validationBatches());
            return this;
        }

        /** Whether validation data were given (what {@link DjlRangeTest#fit} scores on). */
        public boolean hasValidation() {
            return validation != null;
        }

        Builder setValidation(Supplier<Validation> validation) {
            this.validation = validation;
            return this;
        }

        /** The training loss. Required. */
        public Builder setLoss(Loss loss) {
            this.loss = loss;
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

        Builder setBatchSource(BatchSource source) {
            this.batches = trainer -> source;
            return this;
        }

        @Override
        protected Builder self() {
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
            SweepLoop loop = loop("user model"); // checks the config
            checkPrecision(config());
            if (config().validationLoss() && validation == null) {
                throw Checks.invalid("validationLoss", true, "false without validation data (optValidationDataset)");
            }
            return new DjlRangeTest(this, config(), loop);
        }
    }
}
