package dev.lrfinder.djl;

import ai.djl.ndarray.NDManager;

/** Where a sweep's batches come from: a built-in task's sampler or a user's dataset. */
interface BatchSource extends AutoCloseable {
    /** The next batch, its arrays attached to {@code stepScope} so they die with the step. */
    StepBatch next(NDManager stepScope);

    @Override
    default void close() {}
}
