package dev.lrfinder.task;

import dev.lrfinder.sweep.Checks;
import java.util.SplittableRandom;

/**
 * Draws training batches from a built-in dataset as a shuffled data loader does: a fresh random
 * permutation each epoch, consecutive slices of it as batches, then augmentation. Pure Java and
 * seeded, so every backend is fed exactly the same batches for the same seed.
 *
 * <p>Augmentation noise comes from a fixed table of Gaussian draws read at a random offset per
 * sample: drawing 50,000 fresh Gaussians per batch would cost about a millisecond, as much as the
 * training step itself.
 */
public final class BatchSampler {
    private static final int NOISE_TABLE_SIZE = 1 << 16;
    private static final long AUGMENT_STREAM = 0x9E3779B97F4A7C15L;

    private final TaskData data;
    private final int batchSize;
    private final float augmentNoise;
    private final boolean augmentFlips;
    private final SplittableRandom order;
    private final SplittableRandom augment;
    private final int[] permutation;
    private final float[] noiseTable;
    private int cursor;

    public BatchSampler(TaskData data, TaskSpec spec, int batchSize, long seed) {
        Checks.inRange("batchSize", batchSize, 1, 1 << 20);
        this.data = data;
        this.batchSize = batchSize;
        this.augmentNoise = (float) spec.augmentNoise();
        this.augmentFlips = spec.augmentFlips();
        // Two streams, so that switching augmentation on or off leaves the batch order as it was.
        this.order = new SplittableRandom(seed);
        this.augment = new SplittableRandom(seed ^ AUGMENT_STREAM);
        this.permutation = new int[data.samples()];
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
        return batchSize * data.featureSize();
    }

    /** Floats {@link #next} writes into its second argument. */
    public int targetFloats() {
        return batchSize;
    }

    /** Fills {@code features} ({@link #featureFloats()}) and {@code targets} with the next batch. */
    public void next(float[] features, float[] targets) {
        int size = data.featureSize();
        float[] source = data.features();
        for (int b = 0; b < batchSize; b++) {
            if (cursor == permutation.length) {
                shuffle();
            }
            int sample = permutation[cursor++];
            System.arraycopy(source, sample * size, features, b * size, size);
            targets[b] = data.targets()[sample];
            if (augmentFlips && augment.nextBoolean()) {
                flipRows(features, b * size, (int) data.sampleShape()[data.sampleShape().length - 1], size);
            }
            if (noiseTable != null) {
                addNoise(features, b * size, size);
            }
        }
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

    private void addNoise(float[] x, int offset, int size) {
        int start = augment.nextInt(NOISE_TABLE_SIZE);
        for (int i = 0; i < size; i++) {
            x[offset + i] += augmentNoise * noiseTable[(start + i) & (NOISE_TABLE_SIZE - 1)];
        }
    }
}
