package dev.lrfinder.bench;

import dev.lrfinder.task.BatchTransform;
import dev.lrfinder.task.TrainingData;
import java.nio.FloatBuffer;

/**
 * A built-in task's data with inputs and targets multiplied by constants: the evidence's tasks whose
 * best rate sits far from 1 (regression targets x1000, inputs x1000), made from the project's own
 * generators.
 */
record ScaledData(TrainingData data, float[] scaledFeatures, float[] scaledTargets, double inputScale,
        double targetScale) implements TrainingData {

    static TrainingData of(TrainingData data, double inputScale, double targetScale) {
        if (inputScale == 1 && targetScale == 1) {
            return data;
        }
        FloatBuffer source = data.features();
        float[] features = new float[source.remaining()];
        source.get(features);
        for (int i = 0; i < features.length; i++) {
            features[i] *= (float) inputScale;
        }
        float[] targets = data.targets();
        if (!data.isClassification()) {
            for (int i = 0; i < targets.length; i++) {
                targets[i] *= (float) targetScale;
            }
        }
        return new ScaledData(data, features, targets, inputScale, targetScale);
    }

    @Override
    public FloatBuffer features() {
        return FloatBuffer.wrap(scaledFeatures).asReadOnlyBuffer();
    }

    @Override
    public float[] targets() {
        return scaledTargets.clone();
    }

    @Override
    public long[] sampleShape() {
        return data.sampleShape();
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
        return data.describe() + (inputScale != 1 ? ", inputs x" + inputScale : "")
                + (targetScale != 1 ? ", targets x" + targetScale : "");
    }

    @Override
    public double augmentNoise() {
        return data.augmentNoise() * inputScale;
    }

    @Override
    public boolean augmentFlips() {
        return data.augmentFlips();
    }

    @Override
    public BatchTransform newAugmenter(long seed) {
        return data.newAugmenter(seed);
    }
}
