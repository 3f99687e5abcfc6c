package dev.lrfinder.sweep;

import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;

/**
 * Runs range-test sweeps of the built-in tasks on one tensor runtime. A backend only opens
 * sessions ({@link #open}); range tests and fits run through the one {@link SweepLoop}.
 * Implementations load their native library lazily, on the first session: only one libtorch may
 * live in a JVM, so merely naming a backend must not load one.
 */
public interface SweepBackend {

    /** {@code djl} or {@code native}. */
    String id();

    /**
     * {@code model} built for {@code task} and initialised from {@code config.seed()}, with {@code
     * config}'s optimizer, batch size and threads, ready to step: batches are {@code task}'s, drawn
     * in the order that seed gives. The session owns the model and the data and frees them on close.
     */
    SweepSession open(TaskSpec task, ModelSpec model, SweepConfig config);

    /**
     * Trains {@code model} on {@code task} with a learning rate rising per {@code config}, then puts
     * the model back as it was.
     */
    default SweepResult run(TaskSpec task, ModelSpec model, SweepConfig config) {
        return run(task, model, config, SweepListener.NONE);
    }

    /** {@link #run(TaskSpec, ModelSpec, SweepConfig)}, telling {@code listener} as losses arrive. */
    default SweepResult run(TaskSpec task, ModelSpec model, SweepConfig config, SweepListener listener) {
        return sweep(task, model, config, SweepLoop.builder().setConfig(config).optListener(listener));
    }

    /**
     * Trains at one fixed learning rate for {@code config.steps()} steps from the same start a range
     * test with this seed would use (the same weights and batches), then restores the model: how a
     * suggested rate is checked. The config's {@code lrMin} and {@code lrMax} are ignored; its
     * divergence rule still ends a blow-up early.
     */
    default SweepResult fit(TaskSpec task, ModelSpec model, SweepConfig config, double lr) {
        return sweep(task, model, config, SweepLoop.builder().setConfig(config).optLrs(config.fixedLrGrid(lr)));
    }

    private SweepResult sweep(TaskSpec task, ModelSpec model, SweepConfig config, SweepLoop.Builder loop) {
        SweepLoop built = loop.optTaskDescription(task.describe() + ", " + model.describe()).build();
        try (SweepSession session = open(task, model, config)) {
            return built.run(session);
        }
    }
}
