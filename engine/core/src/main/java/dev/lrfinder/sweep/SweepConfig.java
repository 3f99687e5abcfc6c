package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import java.util.Arrays;

/**
 * Everything that defines one range-test sweep, validated on construction. Build one with {@link
 * #builder()}; every value has a default.
 *
 * @param lrMin the first learning rate applied, in [{@link #MIN_LR}, {@link #MAX_LR}]
 * @param lrMax the last learning rate applied, {@code > lrMin}, in [{@link #MIN_LR}, {@link #MAX_LR}]
 * @param steps optimizer steps in the sweep ({@code accumulate} batches each), at least 2
 * @param schedule how the learning rate rises between the two
 * @param seed seeds weight initialisation, batch order and augmentation; equal seeds and configs
 *     give equal curves on CPU
 * @param divergence when to stop early because the loss blew up
 * @param batchSize samples per batch (built-in tasks; a user's dataset batches itself)
 * @param optimizer the optimizer whose learning rate is swept
 * @param threads libtorch intra-op threads
 * @param lossReadInterval losses are copied to the host in blocks of this many steps; the sweep runs
 *     at most {@code lossReadInterval - 1} steps past a divergence, and those are dropped
 * @param validationLoss after every step, evaluate the model on the validation data (eval mode, no
 *     gradient) and record that loss too, as torch-lr-finder's {@code val_loader} does
 * @param validationBatches with {@code validationLoss}: evaluate on this many batches of the
 *     validation data (the same ones every step), or 0 for all of it
 * @param curve the loss the divergence rule and the suggestions read: the training loss, or the
 *     validation loss (only with {@code validationLoss}; its default then)
 * @param loss the built-in sweep's loss ({@link LossSpec#BY_DATA}: the data's default); a user's own
 *     model and loss from Java ignore it
 * @param accumulate gradient accumulation: every optimizer step trains this many consecutive
 *     batches of {@code batchSize}, their gradients averaged (so 2 batches of B step as one batch of
 *     2B would, without batch norm), at one rate; the step's recorded loss is their mean. Batch
 *     {@code k} of step {@code i} is batch {@code i * accumulate + k} of a sweep without accumulation
 * @param precision the forward pass's arithmetic ({@link Precision}); parameters stay float32
 * @param scheduleOptions the knobs of the training schedule a fit runs under ({@link
 *     SweepBackend#fit(SweepData, dev.lrfinder.task.ModelSpec, SweepConfig, TrainingSchedule, double)}):
 *     OneCycle's and the warm-up's; range tests ignore them
 */
public record SweepConfig(
        double lrMin,
        double lrMax,
        int steps,
        LrSchedule schedule,
        long seed,
        DivergenceRule divergence,
        int batchSize,
        OptimizerSpec optimizer,
        int threads,
        int lossReadInterval,
        boolean validationLoss,
        int validationBatches,
        SweepCurve curve,
        LossSpec loss,
        int accumulate,
        Precision precision,
        ScheduleOptions scheduleOptions) {

    /** fastai's {@code start_lr}: low enough that nothing moves on any network we know of. */
    public static final double DEFAULT_LR_MIN = 1e-7;
    /** fastai's {@code end_lr}; raise it only for a model that still learns at 10. */
    public static final double DEFAULT_LR_MAX = 10;
    /** fastai's {@code num_it}; more steps give a smoother curve at a proportional cost. */
    public static final int DEFAULT_STEPS = 100;
    /** A common batch size; the best LR depends on it, so sweep with the one you train with. */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** Any fixed value; change it to see another draw of the same experiment. */
    public static final long DEFAULT_SEED = 42;
    /**
     * One thread: on small machines the fastest and by far the steadiest choice (two busy threads on
     * two cores collapse when anything else runs). Raise it on a machine with idle cores.
     */
    public static final int DEFAULT_THREADS = 1;
    /** Read losses every 4 steps: no per-step host sync, at most 3 wasted steps after divergence. */
    public static final int DEFAULT_LOSS_READ_INTERVAL = 4;
    /** No gradient accumulation: one batch per optimizer step. */
    public static final int DEFAULT_ACCUMULATE = 1;
    /** The most batches one optimizer step may accumulate. */
    public static final int MAX_ACCUMULATE = 1 << 16;
    /** The most steps one sweep may have. */
    public static final int MAX_STEPS = 10_000_000;
    /**
     * The smallest rate a sweep applies: the least normal float32. Both backends apply rates as
     * float32 (DJL's optimizers take a float; the shim's tensors are float), where a smaller one is
     * subnormal or 0.
     */
    public static final double MIN_LR = Float.MIN_NORMAL;
    /** The largest rate a sweep applies: the largest float32 (see {@link #MIN_LR}). */
    public static final double MAX_LR = Float.MAX_VALUE;

    public SweepConfig {
        checkLr("lrMin", lrMin);
        checkLr("lrMax", lrMax);
        if (!(lrMax > lrMin)) {
            throw Checks.invalid("lrMax", lrMax, "greater than lrMin (" + lrMin + ")");
        }
        Checks.inRange("steps", steps, 2, MAX_STEPS);
        if (schedule == null) {
            throw Checks.invalid("schedule", null, "one of exponential, linear");
        }
        if (divergence == null) {
            throw Checks.invalid("divergence", null, "a number > 1 or 'none'");
        }
        Checks.inRange("batchSize", batchSize, 1, 1 << 20);
        if (optimizer == null) {
            throw Checks.invalid("optimizer", null, "one of " + OptimizerKind.ids());
        }
        Checks.inRange("threads", threads, 1, 1024);
        Checks.inRange("lossReadInterval", lossReadInterval, 1, 1024);
        Checks.inRange("validationBatches", validationBatches, 0, Integer.MAX_VALUE);
        if (validationBatches > 0 && !validationLoss) {
            throw Checks.invalid("validationBatches", validationBatches, "0 unless validationLoss is on");
        }
        if (curve == null) {
            throw Checks.invalid("curve", null, "train or val");
        }
        if (curve == SweepCurve.VALIDATION && !validationLoss) {
            throw Checks.invalid("curve", curve.id(), "train unless validationLoss is on (there is no validation curve)");
        }
        if (precision == null) {
            throw Checks.invalid("precision", null, "one of " + Precision.ids());
        }
        if (loss == null) {
            throw Checks.invalid("loss", null, "one of " + LossKind.ids() + " (LossSpec.BY_DATA for the data's default)");
        }
        Checks.inRange("accumulate", accumulate, 1, MAX_ACCUMULATE);
        if (scheduleOptions == null) {
            throw Checks.invalid("scheduleOptions", null, "a ScheduleOptions (ScheduleOptions.defaults() for torch's)");
        }
    }

    /** The form of before, with torch's schedule defaults ({@link ScheduleOptions#defaults()}). */
    public SweepConfig(double lrMin, double lrMax, int steps, LrSchedule schedule, long seed, DivergenceRule divergence,
            int batchSize, OptimizerSpec optimizer, int threads, int lossReadInterval, boolean validationLoss,
            int validationBatches, SweepCurve curve, LossSpec loss, int accumulate, Precision precision) {
        this(lrMin, lrMax, steps, schedule, seed, divergence, batchSize, optimizer, threads, lossReadInterval,
                validationLoss, validationBatches, curve, loss, accumulate, precision, ScheduleOptions.defaults());
    }

    /** The curve read when none is named: the validation loss when it is recorded, else the training loss. */
    public static SweepCurve defaultCurve(boolean validationLoss) {
        return validationLoss ? SweepCurve.VALIDATION : SweepCurve.TRAIN;
    }

    /** The defaults; see the {@code DEFAULT_*} constants. */
    public static SweepConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this config. */
    public Builder toBuilder() {
        Builder b = new Builder()
                .optLrMin(lrMin)
                .optLrMax(lrMax)
                .optSteps(steps)
                .optSchedule(schedule)
                .optSeed(seed)
                .optDivergence(divergence)
                .optBatchSize(batchSize)
                .optOptimizer(optimizer)
                .optThreads(threads)
                .optLossReadInterval(lossReadInterval)
                .optValidationLoss(validationLoss)
                .optValidationBatches(validationBatches)
                .optLoss(loss)
                .optAccumulate(accumulate)
                .optPrecision(precision)
                .optScheduleOptions(scheduleOptions);
        // An explicit curve only when it is not the default, so that turning validation on or off
        // later moves the default with it.
        return curve == defaultCurve(validationLoss) ? b : b.optCurve(curve);
    }

    /** This config with the loss {@code data} trains on under it: its own, or the data's default; checked against the data. */
    public SweepConfig withLossFor(dev.lrfinder.task.TrainingData data) {
        return toBuilder().optLoss(loss.resolvedFor(data)).build();
    }

    /** The learning rate of every step, in order (see {@link LrSchedule} for the convention). */
    public double[] lrGrid() {
        return schedule.grid(steps, lrMin, lrMax);
    }

    /** One rate for every step: a fixed-rate fit, how a suggested rate is checked. */
    public double[] fixedLrGrid(double lr) {
        checkLr("lr", lr);
        double[] lrs = new double[steps];
        Arrays.fill(lrs, lr);
        return lrs;
    }

    /** Throws unless {@code lr} is a rate a backend can apply: finite, in [{@link #MIN_LR}, {@link #MAX_LR}]. */
    private static void checkLr(String name, double lr) {
        Checks.positive(name, lr);
        if (lr < MIN_LR || lr > MAX_LR) {
            throw Checks.invalid(name, lr, "in [" + (float) MIN_LR + ", " + (float) MAX_LR
                    + "], what a float32 holds: the backends apply rates as float32");
        }
    }

    /** Collects values; {@link #build()} checks them all. */
    public static final class Builder {
        private double lrMin = DEFAULT_LR_MIN;
        private double lrMax = DEFAULT_LR_MAX;
        private int steps = DEFAULT_STEPS;
        private LrSchedule schedule = LrSchedule.EXPONENTIAL;
        private long seed = DEFAULT_SEED;
        private DivergenceRule divergence = DivergenceRule.defaultRule();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private OptimizerSpec optimizer = OptimizerSpec.of(OptimizerKind.SGD);
        private int threads = DEFAULT_THREADS;
        private int lossReadInterval = DEFAULT_LOSS_READ_INTERVAL;
        private boolean validationLoss;
        private int validationBatches;
        private SweepCurve curve;
        private Precision precision = Precision.FP32;
        private LossSpec loss = LossSpec.BY_DATA;
        private int accumulate = DEFAULT_ACCUMULATE;
        private ScheduleOptions scheduleOptions = ScheduleOptions.defaults();

        Builder() {}

        public Builder optLrMin(double lrMin) {
            this.lrMin = lrMin;
            return this;
        }

        public Builder optLrMax(double lrMax) {
            this.lrMax = lrMax;
            return this;
        }

        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        public Builder optSchedule(LrSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optDivergence(DivergenceRule divergence) {
            this.divergence = divergence;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optOptimizer(OptimizerSpec optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder optLossReadInterval(int lossReadInterval) {
            this.lossReadInterval = lossReadInterval;
            return this;
        }

        /** Record the validation loss after every step too (off by default). */
        public Builder optValidationLoss(boolean validationLoss) {
            this.validationLoss = validationLoss;
            return this;
        }

        /** Evaluate on this many validation batches; 0 (the default) is all of the validation data. */
        public Builder optValidationBatches(int validationBatches) {
            this.validationBatches = validationBatches;
            return this;
        }

        /** Which loss the divergence rule and the suggestions read (default: {@link #defaultCurve}). */
        public Builder optCurve(SweepCurve curve) {
            this.curve = curve;
            return this;
        }

        /** The forward pass's arithmetic; {@link Precision#FP32} by default. */
        public Builder optPrecision(Precision precision) {
            this.precision = precision;
            return this;
        }

        /** The built-in sweep's loss (default: the data's, {@link LossSpec#BY_DATA}). */
        public Builder optLoss(LossSpec loss) {
            this.loss = loss;
            return this;
        }

        /** Batches per optimizer step (default {@value SweepConfig#DEFAULT_ACCUMULATE}); see {@link SweepConfig#accumulate()}. */
        public Builder optAccumulate(int accumulate) {
            this.accumulate = accumulate;
            return this;
        }

        /** The knobs of the schedule fits run under (default: torch's, {@link ScheduleOptions#defaults()}). */
        public Builder optScheduleOptions(ScheduleOptions scheduleOptions) {
            this.scheduleOptions = scheduleOptions;
            return this;
        }

        /** @throws IllegalArgumentException naming the first bad value, as it was given */
        public SweepConfig build() {
            return new SweepConfig(
                    lrMin, lrMax, steps, schedule, seed, divergence, batchSize, optimizer, threads,
                    lossReadInterval, validationLoss, validationBatches, curve != null ? curve : defaultCurve(validationLoss),
                    loss, accumulate, precision, scheduleOptions);
        }
    }
}
