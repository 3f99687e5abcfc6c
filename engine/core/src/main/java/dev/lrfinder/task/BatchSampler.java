package dev.lrfinder.task;

import dev.lrfinder.base.Checks;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Draws training batches as a shuffled data loader does: a fresh random permutation each epoch,
 * consecutive slices of it as batches, then augmentation (per sample: a flip, the data's own
 * {@linkplain TrainingData#newAugmenter augmenter}, noise). Pure Java and seeded, so every backend
 * is fed exactly the same batches for the same seed, from a built-in task or the user's data.
 *
 * <p>Augmentation noise comes from a fixed table of Gaussian draws read at a random offset per
 * sample: drawing 50,000 fresh Gaussians per batch would cost about a millisecond, as much as the
 * training step itself.
 */
public final class BatchSampler {
    private static final int NOISE_TABLE_SIZE = 1 << 16;
    private static final long AUGMENT_STREAM = 0x9E3779B97F4A7C15L;
    private static final long AUGMENTER_STREAM = 0xD1B54A32D192ED03L;

    private final FloatBuffer features;
    private final float[] targets;
    private final int featureSize;
    private final int width;
    private final BatchTransform augmenter;
    private final int batchSize;
    private final float augmentNoise;
    private final boolean augmentFlips;
    private final SplittableRandom order;
    private final SplittableRandom augment;
    private final int[] permutation;
    private final float[] noiseTable;
    private int cursor;

    /** Batches of a built-in task's {@code data}. */
    public BatchSampler(TaskData data, TaskSpec spec, int batchSize, long seed) {
        this(new BuiltinData(spec, data), batchSize, seed);
    }

    /** Batches of {@code data} with its augmentation; {@code seed} orders and augments them. */
    public BatchSampler(TrainingData data, int batchSize, long seed) {
        this(data, data.samples(), data.checkBatchSize(batchSize), data.augmentNoise(), data.augmentFlips(), seed);
    }

    /**
     * A sampler that only draws {@linkplain #nextPlan plans} for a dataset of {@code samples} rows
     * held elsewhere (the native backend's, in native memory): the same draws, in the same order,
     * as a sampler over the data itself with these settings.
     */
    public static BatchSampler forPlans(int samples, int batchSize, double augmentNoise, boolean augmentFlips, long seed) {
        Checks.inRange("samples", samples, 1, Integer.MAX_VALUE);
        Checks.nonNegative("augmentNoise", augmentNoise);
        return new BatchSampler(null, samples, batchSize, augmentNoise, augmentFlips, seed);
    }

    private BatchSampler(TrainingData data, int samples, int batchSize, double augmentNoise, boolean augmentFlips, long seed) {
        Checks.inRange("batchSize", batchSize, 1, 1 << 20);
        // Read once: a data set's accessors hand out views and copies.
        this.features = data == null ? null : data.features();
        this.targets = data == null ? null : data.targets();
        this.featureSize = data == null ? 0 : data.featureSize();
        long[] shape = data == null ? new long[] {1} : data.sampleShape();
        this.width = (int) shape[shape.length - 1];
        this.augmenter = data == null ? null : data.newAugmenter(seed ^ AUGMENTER_STREAM);
        this.batchSize = batchSize;
        this.augmentNoise = (float) augmentNoise;
        this.augmentFlips = augmentFlips;
        // Two streams, so that switching augmentation on or off leaves the batch order as it was.
        this.order = new SplittableRandom(seed);
        this.augment = new SplittableRandom(seed ^ AUGMENT_STREAM);
        this.permutation = new int[samples];
        for (int i = 0; i < permutation.length; i++) {
            permutation[i] = i;
        }
        this.cursor = permutation.length; // shuffle before the first batch
        if (augmentNoise > 0) {
            noiseTable = new float[NOISE_TABLE_SIZE];
            for (int i = 0; i < noiseTable.length; i++) {
                noiseTable[i] = (float) augment.nextGaussian();
            }
        } else {
            noiseTable = null;
        }
    }

    public int batchSize() {
        return batchSize;
    }

    /** Floats {@link #next} writes into its first argument. */
    public int featureFloats() {
        return batchSize * featureSize;
    }

    /** Floats {@link #next} writes into its second argument. */
    public int targetFloats() {
        return batchSize;
    }

    /** Fills {@code features} ({@link #featureFloats()}) and {@code targets} with the next batch. */
    public void next(float[] features, float[] targets) {
        if (this.features == null) {
            throw new IllegalStateException("this sampler draws plans only (forPlans): use nextPlan");
        }
        int size = featureSize;
        for (int b = 0; b < batchSize; b++) {
            int sample = drawSample();
            this.features.get(sample * size, features, b * size, size);
            targets[b] = this.targets[sample];
            if (drawFlip()) {
                flipRows(features, b * size, width, size);
            }
            if (augmenter != null) {
                augmenter.apply(features, b * size, 1);
            }
            if (noiseTable != null) {
                addNoise(features, b * size, size, drawNoiseOffset());
            }
        }
    }

    /**
     * Whether batches need {@link #next}: the data's augmenter runs in Java, so a backend that
     * gathers batches where the data live ({@link #nextPlan}) cannot make them.
     */
    public boolean augmentsInJava() {
        return augmenter != null;
    }

    /**
     * Draws the next batch as {@link #next} would, without touching data: for each of its samples
     * the row, whether it is flipped and where in {@link #noiseTable()} its noise starts (0 when
     * there is no noise), written from {@code at} on. Whoever holds the data assembles the batch.
     */
    public void nextPlan(long[] indices, byte[] flips, int[] noiseOffsets, int at) {
        for (int b = at; b < at + batchSize; b++) {
            indices[b] = drawSample();
            flips[b] = drawFlip() ? (byte) 1 : 0;
            noiseOffsets[b] = noiseTable != null ? drawNoiseOffset() : 0;
        }
    }

    /** The Gaussian draws augmentation noise is read from (a power-of-two length), or null without noise. */
    public float[] noiseTable() {
        return noiseTable == null ? null : noiseTable.clone();
    }

    /** The standard deviation of augmentation noise, as the float it is applied as. */
    public float augmentNoise() {
        return augmentNoise;
    }

    // The draws of one sample, in the order next and nextPlan both make them.
    private int drawSample() {
        if (cursor == permutation.length) {
            shuffle();
        }
        return permutation[cursor++];
    }

    private boolean drawFlip() {
        return augmentFlips && augment.nextBoolean();
    }

    private int drawNoiseOffset() {
        return augment.nextInt(NOISE_TABLE_SIZE);
    }

    private void shuffle() {
        for (int i = permutation.length - 1; i > 0; i--) {
            int j = order.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        cursor = 0;
    }

    private static void flipRows(float[] x, int offset, int width, int size) {
        for (int row = offset; row < offset + size; row += width) {
            for (int l = row, r = row + width - 1; l < r; l++, r--) {
                float t = x[l];
                x[l] = x[r];
                x[r] = t;
            }
        }
    }

    private void addNoise(float[] x, int offset, int size, int start) {
        for (int i = 0; i < size; i++) {
            x[offset + i] += augmentNoise * noiseTable[(start + i) & (NOISE_TABLE_SIZE - 1)];
        }
    }
}
