package dev.lrfinder.sweep;

import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;

/**
 * Runs range-test sweeps of the built-in tasks on one tensor runtime. Implementations load their
 * native library lazily, on the first sweep: only one libtorch may live in a JVM, so merely naming
 * a backend must not load one.
 */
public interface SweepBackend {

    /** {@code djl} or {@code native}. */
    String id();

    /**
     * Trains {@code model} on {@code task} with a learning rate rising per {@code config}, then puts
     * the model back as it was.
     */
    default SweepResult run(TaskSpec task, ModelSpec model, SweepConfig config) {
        return run(task, model, config, SweepListener.NONE);
    }

    /** {@link #run(TaskSpec, ModelSpec, SweepConfig)}, telling {@code listener} as losses arrive. */
    SweepResult run(TaskSpec task, ModelSpec model, SweepConfig config, SweepListener listener);
}
