package dev.lrfinder.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import dev.lrfinder.sweep.ValidationPlan;
import dev.lrfinder.task.TrainingData;
import java.nio.FloatBuffer;
import java.util.function.Consumer;

/** Validation batches of a {@link ValidationPlan}, gathered from the validation block through one {@link HostBatch}. */
final class PlannedValidation extends Validation {
    private final FloatBuffer features;
    private final float[] targets;
    private final int sampleSize;
    private final long[] rows;
    private final int batchSize;
    private final HostBatch host;

    /** {@code classTargets} as for {@link SampledBatches}. */
    PlannedValidation(TrainingData data, ValidationPlan plan, boolean classTargets) {
        this.features = data.features();
        this.targets = data.targets();
        this.sampleSize = data.featureSize();
        this.rows = plan.rows();
        this.batchSize = plan.batchSize();
        this.host = new HostBatch(Math.min(batchSize, rows.length), data.sampleShape(), classTargets);
    }

    @Override
    void forEachBatch(Trainer trainer, NDManager scope, Consumer<StepBatch> batch) {
        for (int from = 0; from < rows.length; from += batchSize) {
            int count = Math.min(batchSize, rows.length - from);
            for (int k = 0; k < count; k++) {
                int row = (int) rows[from + k];
                host.features().put(k * sampleSize, features, row * sampleSize, sampleSize);
                host.targets().put(k, targets[row]);
            }
            // Each batch in a scope of its own: the next one rewrites the buffers its arrays view.
            try (NDManager batchScope = scope.newSubManager()) {
                batch.accept(host.wrap(batchScope, count));
            }
        }
    }
}
