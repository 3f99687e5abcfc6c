package dev.lrfinder.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.TaskData;

/** Batches of a built-in task, drawn in Java by {@link BatchSampler} and copied in once per step. */
final class SampledBatches implements BatchSource {
    private final BatchSampler sampler;
    private final float[] features;
    private final float[] targets;
    private final Shape featureShape;
    private final Shape targetShape;

    SampledBatches(BatchSampler sampler, TaskData data) {
        this.sampler = sampler;
        this.features = new float[sampler.featureFloats()];
        this.targets = new float[sampler.targetFloats()];
        long[] dims = new long[data.sampleShape().length + 1];
        dims[0] = sampler.batchSize();
        System.arraycopy(data.sampleShape(), 0, dims, 1, data.sampleShape().length);
        this.featureShape = new Shape(dims);
        // Regression targets as a column, the shape of the model's output.
        this.targetShape = data.classes() > 0 ? new Shape(sampler.batchSize()) : new Shape(sampler.batchSize(), 1);
    }

    @Override
    public StepBatch next(NDManager stepScope) {
        sampler.next(features, targets);
        return new StepBatch(
                new NDList(stepScope.create(features, featureShape)),
                new NDList(stepScope.create(targets, targetShape)));
    }
}
