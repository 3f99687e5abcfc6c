package dev.lrfinder.data;

import dev.lrfinder.base.Checks;
import dev.lrfinder.task.BatchTransform;
import dev.lrfinder.task.TrainingData;
import java.nio.FloatBuffer;
import java.util.Locale;

/**
 * A {@link LoadedData} as a backend trains on it: its one block, read in place, with the
 * augmentation of a run. The block is never copied or written: every run, parallel runs included,
 * reads it through a sampler of its own.
 *
 * @param data the data
 * @param augmentation image augmentation, applied in Java to every gathered batch
 * @param augmentNoise Gaussian noise added to every input, 0 for none
 */
record LoadedTrainingData(LoadedData data, Augmentation augmentation, double augmentNoise) implements TrainingData {

    LoadedTrainingData {
        Checks.nonNegative("augmentNoise", augmentNoise);
        if (!augmentation.isNone()) {
            new BatchAugmenter(augmentation, data, 0); // refuses a plan the samples cannot take, now
        }
    }

    @Override
    public FloatBuffer features() {
        return data.features();
    }

    @Override
    public float[] targets() {
        return data.targets();
    }

    @Override
    public long[] sampleShape() {
        return data.schema().sampleShape();
    }

    @Override
    public int samples() {
        return data.samples();
    }

    @Override
    public int classes() {
        return data.kind() == DataKind.CLASSIFICATION ? data.schema().classes() : 0;
    }

    @Override
    public String describe() {
        String what = data.kind() == DataKind.CLASSIFICATION ? data.schema().classes() + " classes" : "regression";
        String augment = augmentation.isNone() && augmentNoise == 0 ? "" : ", augmented";
        return String.format(Locale.ROOT, "%s (%,d samples of %s, %s%s)", data.source(), samples(),
                data.schema().shapeText(), what, augment);
    }

    @Override
    public BatchTransform newAugmenter(long seed) {
        return augmentation.isNone() ? null : new BatchAugmenter(augmentation, data, seed);
    }
}
