package dev.lrfinder.task;

import java.nio.FloatBuffer;

/** A built-in task's generated data as a backend trains on it, with the task's plan augmentation. */
record BuiltinData(TaskSpec spec, TaskData data) implements TrainingData {

    @Override
    public FloatBuffer features() {
        return FloatBuffer.wrap(data.features()).asReadOnlyBuffer();
    }

    @Override
    public float[] targets() {
        return data.targets().clone();
    }

    @Override
    public long[] sampleShape() {
        return data.sampleShape().clone();
    }

    @Override
    public int samples() {
        return data.samples();
    }

    @Override
    public int classes() {
        return data.classes();
    }

    @Override
    public String describe() {
        return spec.describe();
    }

    @Override
    public double augmentNoise() {
        return spec.augmentNoise();
    }

    @Override
    public boolean augmentFlips() {
        return spec.augmentFlips();
    }

    @Override
    public int checkBatchSize(int batchSize) {
        return spec.checkBatchSize(batchSize);
    }
}
