package dev.lrfinder.sweep;

import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;

/**
 * Runs range-test sweeps of the built-in models on one tensor runtime, on a built-in task or the
 * user's data ({@link SweepData}). A backend only opens sessions ({@link #open}); range tests and
 * fits run through the one {@link SweepLoop}. Implementations load their native library lazily, on
 * the first session: only one libtorch may live in a JVM, so merely naming a backend must not load
 * one. Sessions are independent: several may run at once on one data set, which none of them copies
 * or changes.
 */
public interface SweepBackend {

    /** {@code djl} or {@code native}. */
    String id();

    /**
     * {@code model} built for {@code data}'s sample shape and outputs and initialised from {@code
     * config.seed()}, with {@code config}'s optimizer, batch size and threads and the loss of the
     * data's kind (cross-entropy for classes, mean squared error for regression), ready to step:
     * batches are {@code data.train()}'s, drawn by {@link dev.lrfinder.task.BatchSampler} in the
     * order that seed gives; in validation-loss mode the session evaluates {@code data.validation()}.
     * The session owns the model and frees it on close; the data stay the caller's.
     *
     * @throws IllegalArgumentException when the model does not fit the data (naming both shapes), or
     *     the config does not ({@link SweepData#check})
     */
    SweepSession open(SweepData data, ModelSpec model, SweepConfig config);

    /** A session on a built-in task's data (see {@link #open(SweepData, ModelSpec, SweepConfig)}). */
    default SweepSession open(TaskSpec task, ModelSpec model, SweepConfig config) {
        model.checkFits(task);
        return open(SweepData.of(task.trainingData()), model, config);
    }

    /**
     * Trains {@code model} on {@code task} with a learning rate rising per {@code config}, then puts
     * the model back as it was.
     */
    default SweepResult run(TaskSpec task, ModelSpec model, SweepConfig config) {
        return run(task, model, config, SweepListener.NONE);
    }

    /** {@link #run(TaskSpec, ModelSpec, SweepConfig)}, telling {@code listener} as losses arrive. */
    default SweepResult run(TaskSpec task, ModelSpec model, SweepConfig config, SweepListener listener) {
        model.checkFits(task);
        return run(SweepData.of(task.trainingData()), model, config, listener);
    }

    /** A range test on {@code data}, telling {@code listener} as losses arrive; the model is put back afterwards. */
    default SweepResult run(SweepData data, ModelSpec model, SweepConfig config, SweepListener listener) {
        return sweep(data, model, config, SweepLoop.builder().setConfig(config).optListener(listener));
    }

    /**
     * Trains at one fixed learning rate for {@code config.steps()} steps from the same start a range
     * test with this seed would use (the same weights and batches), then restores the model: how a
     * suggested rate is checked. The config's {@code lrMin} and {@code lrMax} are ignored; its
     * divergence rule still ends a blow-up early.
     */
    default SweepResult fit(TaskSpec task, ModelSpec model, SweepConfig config, double lr) {
        model.checkFits(task);
        return fit(SweepData.of(task.trainingData()), model, config, lr);
    }

    /** {@link #fit(TaskSpec, ModelSpec, SweepConfig, double)} on {@code data}. */
    default SweepResult fit(SweepData data, ModelSpec model, SweepConfig config, double lr) {
        return sweep(data, model, config, SweepLoop.builder().setConfig(config).optLrs(config.fixedLrGrid(lr)));
    }

    /**
     * A short fit of {@code config.steps()} steps under {@code schedule} with {@code lr} as its rate
     * (constant, OneCycle's max_lr, cosine's start), from the start a range test with this seed
     * would use (the same initial weights and batch order), scored on {@code data}'s validation data
     * (all of it, or {@code config.validationBatches()} batches) after the last step; the model is
     * then restored. The config's {@code lrMin}, {@code lrMax} and validation-loss mode are ignored;
     * its divergence rule ends a blow-up early, which scores +infinity.
     *
     * @throws IllegalArgumentException when {@code data} have no validation data
     */
    default FitResult fit(SweepData data, ModelSpec model, SweepConfig config, TrainingSchedule schedule, double lr) {
        SweepConfig scored = config.toBuilder().optValidationLoss(true).optCurve(SweepCurve.TRAIN).build();
        SweepLoop loop = SweepLoop.builder().setConfig(scored).optLrs(schedule.rates(lr, config.steps()))
                .optTaskDescription(data.train().describe() + ", " + model.describe()).build();
        try (SweepSession session = open(data, model, scored)) {
            return loop.fit(session);
        }
    }

    private SweepResult sweep(SweepData data, ModelSpec model, SweepConfig config, SweepLoop.Builder loop) {
        SweepLoop built = loop.optTaskDescription(data.train().describe() + ", " + model.describe()).build();
        try (SweepSession session = open(data, model, config)) {
            return built.run(session);
        }
    }
}
