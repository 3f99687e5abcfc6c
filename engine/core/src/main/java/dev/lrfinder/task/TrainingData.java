package dev.lrfinder.task;

import dev.lrfinder.base.Checks;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a backend trains on, whoever made it: a built-in task's generated data ({@link
 * TaskSpec#trainingData()}) or a data set read from the user's files ({@code
 * dev.lrfinder.data.LoadedData}). Immutable and safe to share: every run (and every parallel run)
 * of one data set reads the same block, each through a sampler of its own.
 *
 * <p>Batches are drawn by {@link BatchSampler}: rows in a seeded shuffle, then the plan's
 * augmentation ({@link #augmentFlips()}, {@link #augmentNoise()}), which a backend may apply where
 * the data lives, then {@link #newAugmenter}'s, which runs in Java on the gathered batch.
 */
public interface TrainingData {

    /**
     * All features, {@link #samples()} rows of {@link #featureSize()} float32s, row-major, position
     * 0, read-only. A direct buffer in the platform's byte order when the data live off-heap (then
     * the native backend reads them in place).
     */
    FloatBuffer features();

    /** A copy of the targets: class ids as floats, or regression values. */
    float[] targets();

    /** One sample's shape: {@code [features]} or {@code [channels, height, width]}. */
    long[] sampleShape();

    int samples();

    /** Classes, or 0 for regression. */
    int classes();

    /** What the data are, in words, for run records: {@code "train.csv (800 samples of 12 features, 3 classes)"}. */
    String describe();

    /** The standard deviation of Gaussian noise added to every input of a batch; 0 is none. */
    default double augmentNoise() {
        return 0;
    }

    /** Whether each sample is flipped left-right (its last axis) with probability 1/2. */
    default boolean augmentFlips() {
        return false;
    }

    /**
     * Augmentation applied in Java to each gathered batch (random crops, colour jitter), one stream
     * per run seeded from {@code seed}; null when there is none.
     */
    default BatchTransform newAugmenter(long seed) {
        return null;
    }

    /** Floats per sample. */
    default int featureSize() {
        long size = 1;
        for (long d : sampleShape()) {
            size *= d;
        }
        return (int) size;
    }

    /** The model's output width: classes, or 1 for regression. */
    default int outputs() {
        return classes() > 0 ? classes() : 1;
    }

    default boolean isClassification() {
        return classes() > 0;
    }

    /** Whether samples are {@code channels x height x width} images. */
    default boolean isImage() {
        return sampleShape().length == 3;
    }

    /** {@code "12 features"} or {@code "3x32x32"}. */
    default String shapeText() {
        long[] shape = sampleShape();
        if (shape.length == 1) {
            return shape[0] + (shape[0] == 1 ? " feature" : " features");
        }
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("x"));
    }

    /**
     * Throws unless batches of {@code batchSize} samples can be drawn: no more than the data hold (a
     * bigger batch would repeat samples within one step), and small enough that one batch's inputs
     * fit the 2 GiB buffer they are gathered into.
     *
     * @return {@code batchSize}
     */
    default int checkBatchSize(int batchSize) {
        if (batchSize > samples()) {
            throw Checks.invalid("batchSize", batchSize, "at most the training data's " + samples() + " samples");
        }
        long most = TaskSpec.MAX_BATCH_BYTES / ((long) featureSize() * Float.BYTES);
        if (batchSize > most) {
            throw Checks.invalid("batchSize", batchSize, "at most " + most + " for samples of " + shapeText()
                    + " (a batch's inputs are one buffer of at most 2 GiB)");
        }
        return Checks.inRange("batchSize", batchSize, 1, samples());
    }
}
