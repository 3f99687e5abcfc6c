package dev.lrfinder.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {
    private static final TaskSpec BLOBS = TaskSpec.defaults(TaskKind.BLOBS).withDims(2).withSamples(40);

    @Test
    void eachEpochVisitsEverySampleOnce() {
        TaskData data = BLOBS.generate();
        BatchSampler sampler = new BatchSampler(data, BLOBS, 8, 3);
        float[] x = new float[sampler.featureFloats()];
        float[] y = new float[8];
        int[] seen = new int[data.samples()];
        for (int batch = 0; batch < 5; batch++) { // 5 x 8 = one epoch of 40
            sampler.next(x, y);
            for (int b = 0; b < 8; b++) {
                seen[indexOf(data, x, b)]++;
            }
        }
        int[] once = new int[data.samples()];
        Arrays.fill(once, 1);
        assertArrayEquals(once, seen);
    }

    @Test
    void aPlanDrawsWhatNextDrawsAndLeavesTheDataToItsHolder() {
        TaskSpec images = TaskSpec.defaults(TaskKind.PATTERNS).withSamples(50).withAugmentation(0.2, true);
        TaskData data = images.generate();
        BatchSampler full = new BatchSampler(data, images, 8, 4);
        BatchSampler plans = BatchSampler.forPlans(50, 8, 0.2, true, 4);
        // Without noise the augment stream makes no table first: flips are drawn differently.
        BatchSampler flipsOnly = new BatchSampler(data, images.withAugmentation(0, true), 8, 4);
        BatchSampler flipPlans = BatchSampler.forPlans(50, 8, 0, true, 4);
        long[] flipIndices = new long[8];
        byte[] flipFlags = new byte[8];
        float[] x = new float[full.featureFloats()];
        float[] y = new float[8];
        float[] plain = new float[full.featureFloats()];
        long[] indices = new long[16];
        byte[] flips = new byte[16];
        int[] offsets = new int[16];
        for (int batch = 0; batch < 10; batch++) { // past the first epoch
            full.next(x, y);
            flipsOnly.next(plain, new float[8]);
            plans.nextPlan(indices, flips, offsets, 8); // written from 8 on
            flipPlans.nextPlan(flipIndices, flipFlags, new int[8], 0);
            for (int b = 0; b < 8; b++) {
                assertEquals(data.targets()[(int) indices[8 + b]], y[b]);
                assertEquals(indices[8 + b], flipIndices[b], "the batch order does not depend on augmentation");
                // Without noise the rows are the planned rows, flipped where planned.
                float[] row = Arrays.copyOfRange(data.features(), (int) indices[8 + b] * 784, (int) indices[8 + b] * 784 + 784);
                if (flipFlags[b] == 1) {
                    for (int r = 0; r < 28; r++) {
                        for (int c = 0; c < 14; c++) {
                            float t = row[r * 28 + c];
                            row[r * 28 + c] = row[r * 28 + 27 - c];
                            row[r * 28 + 27 - c] = t;
                        }
                    }
                }
                assertArrayEquals(row, Arrays.copyOfRange(plain, b * 784, b * 784 + 784), "batch " + batch + " row " + b);
            }
        }
        assertArrayEquals(full.noiseTable(), plans.noiseTable());
        assertEquals(0.2f, plans.augmentNoise());
        assertThrows(IllegalStateException.class, () -> plans.next(x, y));
    }

    @Test
    void theSeedDecidesTheOrder() {
        TaskData data = BLOBS.generate();
        assertArrayEquals(firstBatch(data, BLOBS, 1), firstBatch(data, BLOBS, 1));
        assertFalse(Arrays.equals(firstBatch(data, BLOBS, 1), firstBatch(data, BLOBS, 2)));
    }

    @Test
    void augmentationNoiseChangesInputsButNotLabels() {
        TaskData data = BLOBS.generate();
        TaskSpec noisy = BLOBS.withAugmentation(0.5, false);
        BatchSampler plain = new BatchSampler(data, BLOBS, 8, 1);
        BatchSampler augmented = new BatchSampler(data, noisy, 8, 1);
        float[] x1 = new float[plain.featureFloats()], y1 = new float[8];
        float[] x2 = new float[augmented.featureFloats()], y2 = new float[8];
        plain.next(x1, y1);
        augmented.next(x2, y2);
        assertArrayEquals(y1, y2);
        assertFalse(Arrays.equals(x1, x2));
    }

    @Test
    void flipsMirrorImageRows() {
        TaskSpec images = TaskSpec.defaults(TaskKind.PATTERNS).withSamples(1).withAugmentation(0, true);
        TaskData data = images.generate();
        BatchSampler sampler = new BatchSampler(data, images, 1, 5);
        float[] x = new float[784];
        float[] y = new float[1];
        boolean sawFlip = false;
        for (int i = 0; i < 20; i++) {
            sampler.next(x, y);
            boolean flipped = !Arrays.equals(x, data.features());
            if (flipped) {
                sawFlip = true;
                for (int row = 0; row < 28; row++) {
                    assertEquals(data.features()[row * 28], x[row * 28 + 27]);
                }
            }
        }
        assertEquals(true, sawFlip);
    }

    private static float[] firstBatch(TaskData data, TaskSpec spec, long seed) {
        BatchSampler sampler = new BatchSampler(data, spec, 8, seed);
        float[] x = new float[sampler.featureFloats()];
        sampler.next(x, new float[8]);
        return x;
    }

    private static int indexOf(TaskData data, float[] batch, int b) {
        int size = data.featureSize();
        for (int i = 0; i < data.samples(); i++) {
            if (Arrays.equals(data.features(), i * size, (i + 1) * size, batch, b * size, (b + 1) * size)) {
                return i;
            }
        }
        throw new AssertionError("batch row " + b + " is not a sample");
    }
}
