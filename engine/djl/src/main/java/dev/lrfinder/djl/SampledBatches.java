package dev.lrfinder.djl;

import ai.djl.ndarray.NDManager;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.TrainingData;

/**
 * Batches of a built-in task or the user's data, drawn and augmented in Java by {@link
 * BatchSampler} (the draws every backend makes for a seed) and copied in once per step through a
 * {@link HostBatch}.
 */
final class SampledBatches implements BatchSource {
    private final BatchSampler sampler;
    private final float[] features;
    private final float[] targets;
    private final HostBatch host;

    /** {@code classTargets}: the targets are class ids for cross-entropy (shaped [batch]), else values ([batch, 1]). */
    SampledBatches(BatchSampler sampler, TrainingData data, boolean classTargets) {
        this.sampler = sampler;
        this.features = new float[sampler.featureFloats()];
        this.targets = new float[sampler.targetFloats()];
        this.host = new HostBatch(sampler.batchSize(), data.sampleShape(), classTargets);
    }

    @Override
    public StepBatch next(NDManager stepScope) {
        sampler.next(features, targets);
        host.put(features, targets, sampler.batchSize());
        return host.wrap(stepScope, sampler.batchSize());
    }
}
