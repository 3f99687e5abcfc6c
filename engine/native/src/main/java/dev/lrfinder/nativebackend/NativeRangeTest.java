package dev.lrfinder.nativebackend;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.RangeTestBuilder;
import dev.lrfinder.sweep.StopReason;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.FitResult;
import dev.lrfinder.sweep.SweepLoop;
import dev.lrfinder.sweep.ScheduleOptions;
import dev.lrfinder.sweep.TrainingSchedule;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.sweep.ValidationPlan;

/**
 * A learning-rate range test run inside libtorch: the library entry point for a TorchScript model
 * handed over from Python (or a built-in one) and data in memory segments.
 *
 * <pre>{@code
 * try (Arena arena = Arena.ofConfined();
 *         NativeModel model = NativeModel.load(Path.of("model.pt"), "cpu");
 *         NativeData data = NativeData.of(features, targets, new long[] {784}, "cpu")) {
 *     SweepResult result = NativeRangeTest.builder()
 *             .setModel(model)
 *             .setData(data)
 *             .setLoss("cross_entropy")
 *             .optConfig(SweepConfig.builder().optLrMax(1).build())
 *             .build()
 *             .run();
 * }
 * }</pre>
 *
 * <p>The sweep is {@link SweepLoop}'s, as for every backend: Java draws each step's batch plan, the
 * shim assembles the batch on the device and steps, and the losses stay on the device until they
 * are read in blocks of {@code lossReadInterval}. Promises as {@code DjlRangeTest}'s:
 * the rate applied is the schedule's (a double, as libtorch keeps it), divergence and NaN end the
 * curve with a {@link StopReason}, and the model (parameters and buffers) is restored bit for bit
 * afterwards, also when the sweep throws.
 */
public final class NativeRangeTest {
    private final NativeModel model;
    private final NativeData data;
    private final String loss;
    private final NativeData validation;
    private final SweepConfig config;
    private final SweepLoop loop;

    private NativeRangeTest(Builder b, SweepConfig config, SweepLoop loop) {
        this.model = b.model;
        this.data = b.data;
        this.loss = b.loss != null ? b.loss : config.loss().kind().id();
        this.validation = config.validationLoss() ? b.validation : null;
        this.config = config;
        this.loop = loop;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the sweep and restores the model. */
    public SweepResult run() {
        try (NativeSession session = open()) {
            return loop.run(session);
        }
    }

    /**
     * A short fit of the config's steps under {@code schedule} with {@code lr} as its rate and the
     * config's schedule knobs (OneCycle cycles the momentum too, as torch's scheduler does), from the
     * model's weights as they are, scored on the validation data after the last step; then the model
     * is put back, bit for bit. Needs a config in validation-loss mode and validation data.
     */
    public FitResult fit(TrainingSchedule schedule, double lr) {
        ScheduleOptions knobs = config.scheduleOptions();
        SweepConfig opened = config.toBuilder().optOptimizer(schedule.optimizerFor(config.optimizer(), knobs)).build();
        SweepLoop fit = SweepLoop.builder().setConfig(opened).optLrs(schedule.rates(lr, config.steps(), knobs))
                .optMomenta(schedule.momenta(config.steps(), knobs)).optTaskDescription(model.description()).build();
        try (NativeSession session = open(opened)) {
            return fit.fit(session);
        }
    }

    private NativeSession open() {
        return open(config);
    }

    private NativeSession open(SweepConfig config) {
        ValidationPlan plan = validation == null ? null
                : ValidationPlan.of(Math.toIntExact(validation.samples()), config.batchSize(), config.validationBatches());
        return NativeSession.open(model, data, loss, config, null, false, false, validation, plan);
    }

    /** Collects the parts of a range test; {@link #build()} checks them. */
    public static final class Builder extends RangeTestBuilder<Builder> {
        private NativeModel model;
        private NativeData data;
        private String loss;
        private NativeData validation;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The model to sweep; restored bit for bit afterwards. Required. */
        public Builder setModel(NativeModel model) {
            this.model = model;
            return this;
        }

        /** The training data, on the model's device, sampled epoch after epoch. Required. */
        public Builder setData(NativeData data) {
            this.data = data;
            return this;
        }

        /**
         * Validation data for validation-loss mode ({@link SweepConfig#validationLoss()}), on the
         * model's device: after every step the model is evaluated on all of it (or the first {@link
         * SweepConfig#validationBatches()} batches of a fixed shuffle), in eval mode without gradient.
         */
        public Builder optValidationData(NativeData validation) {
            this.validation = validation;
            return this;
        }

        /** Whether validation data were given (what {@link NativeRangeTest#fit} scores on). */
        public boolean hasValidation() {
            return validation != null;
        }

        /**
         * The loss by name: cross-entropy, bce, mse, l1 or huber (or cross_entropy, bce_with_logits,
         * smooth_l1), with the config's label smoothing and Huber delta. Required unless the config
         * names its loss ({@link SweepConfig#loss()}), which the run record then names too.
         */
        public Builder setLoss(String loss) {
            this.loss = loss;
            return this;
        }

        public NativeRangeTest build() {
            if (model == null) {
                throw Checks.invalid("model", null, "set with setModel");
            }
            if (data == null) {
                throw Checks.invalid("data", null, "set with setData");
            }
            if (loss == null && config().loss().kind() == null) {
                throw Checks.invalid("loss", null, "set with setLoss or as the config's loss (SweepConfig.optLoss)");
            }
            if (!model.device().equals(data.device())) {
                throw Checks.invalid("data.device", data.device(), "the model's device, " + model.device());
            }
            SweepLoop loop = loop(model.description()); // checks the config
            if (config().validationLoss() && validation == null) {
                throw Checks.invalid("validationLoss", true, "false without validation data (optValidationData)");
            }
            if (validation != null && !model.device().equals(validation.device())) {
                throw Checks.invalid("validation.device", validation.device(), "the model's device, " + model.device());
            }
            return new NativeRangeTest(this, config(), loop);
        }
    }
}
