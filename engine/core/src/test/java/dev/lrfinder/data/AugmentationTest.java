package dev.lrfinder.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static final long[] GREY_8 = {1, 8, 8};
    private static final int SIZE = 64;

    /** {@code samples} 1x8x8 images whose pixel (y, x) is {@code y * 8 + x} (all distinct). */
    private static float[] ramps(int samples) {
        float[] batch = new float[samples * SIZE];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = i % SIZE;
        }
        return batch;
    }

    @Test
    void theSameSeedGivesTheSameBatchesAndAnotherSeedOthers() {
        Augmentation plan = Augmentation.cropAndFlip(2);
        float[] a = ramps(16);
        float[] b = ramps(16);
        float[] c = ramps(16);
        new BatchAugmenter(plan, GREY_8, null, 1).apply(a, 0, 16);
        new BatchAugmenter(plan, GREY_8, null, 1).apply(b, 0, 16);
        new BatchAugmenter(plan, GREY_8, null, 2).apply(c, 0, 16);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertFalse(Arrays.equals(a, ramps(16)), "something changed");
    }

    @Test
    void flipsMirrorRowsForAboutHalfTheSamples() {
        float[] batch = ramps(200);
        new BatchAugmenter(new Augmentation(0, true, 0, 0, 0), GREY_8, null, 3).apply(batch, 0, 200);
        int flipped = 0;
        for (int s = 0; s < 200; s++) {
            boolean mirrored = batch[s * SIZE] == 7 && batch[s * SIZE + 7] == 0 && batch[s * SIZE + 8] == 15;
            boolean same = batch[s * SIZE] == 0 && batch[s * SIZE + 7] == 7;
            assertTrue(mirrored || same, "sample " + s);
            flipped += mirrored ? 1 : 0;
        }
        assertTrue(flipped > 70 && flipped < 130, flipped + " of 200 flipped");
    }

    @Test
    void cropsShiftByAtMostThePaddingAndPadWithBlackInNormalisedUnits() {
        // normalised with mean 0.5, std 0.25: raw black (0) is -2
        FeatureStats scaling = new FeatureStats(new double[] {0.5}, new double[] {0.25}, SIZE);
        int samples = 300;
        float[] batch = new float[samples * SIZE];
        for (int s = 0; s < samples; s++) {
            Arrays.fill(batch, s * SIZE, (s + 1) * SIZE, 1); // raw 0.75
            batch[s * SIZE + 3 * 8 + 4] = 5; // one marked pixel at (3, 4)
        }
        new BatchAugmenter(new Augmentation(2, false, 0, 0, 0), GREY_8, scaling, 4).apply(batch, 0, samples);
        boolean sawShift = false;
        boolean sawPadding = false;
        for (int s = 0; s < samples; s++) {
            int marked = -1;
            for (int e = 0; e < SIZE; e++) {
                float v = batch[s * SIZE + e];
                assertTrue(v == 1 || v == 5 || v == -2, "value " + v);
                marked = v == 5 ? e : marked;
                sawPadding |= v == -2;
            }
            int dy = marked / 8 - 3;
            int dx = marked % 8 - 4;
            assertTrue(Math.abs(dy) <= 2 && Math.abs(dx) <= 2, "shift " + dy + ", " + dx);
            sawShift |= dy != 0 || dx != 0;
        }
        assertTrue(sawShift && sawPadding);
    }

    @Test
    void brightnessScalesRawValuesAndReturnsToNormalisedUnits() {
        FeatureStats scaling = new FeatureStats(new double[] {0.5}, new double[] {0.25}, SIZE);
        float[] batch = new float[50 * SIZE];
        Arrays.fill(batch, scaling.normalised(0.4f, 0));
        new BatchAugmenter(new Augmentation(0, false, 0.5, 0, 0), GREY_8, scaling, 5).apply(batch, 0, 50);
        double low = 9;
        double high = 0;
        for (int s = 0; s < 50; s++) {
            float raw = scaling.raw(batch[s * SIZE], 0);
            for (int e = 1; e < SIZE; e++) {
                assertEquals(batch[s * SIZE], batch[s * SIZE + e], "one factor per image");
            }
            double factor = raw / 0.4;
            assertTrue(factor >= 0.5 - 1e-5 && factor <= 1.5 + 1e-5, "factor " + factor);
            low = Math.min(low, factor);
            high = Math.max(high, factor);
        }
        assertTrue(low < 0.8 && high > 1.2, "factors spread over the range: " + low + " to " + high);
    }

    @Test
    void saturationMovesEveryChannelOfAPixelFromItsGreyByOneFactorAndContrastKeepsTheMeanGrey() {
        long[] rgb = {3, 2, 2};
        // R plane, G plane, B plane; close to grey, so factors up to 2 never clamp
        float[] pixels = {0.50f, 0.42f, 0.61f, 0.30f, 0.45f, 0.40f, 0.55f, 0.33f, 0.47f, 0.49f, 0.58f, 0.31f};
        for (long seed = 0; seed < 5; seed++) {
            float[] saturated = pixels.clone();
            new BatchAugmenter(new Augmentation(0, false, 0, 0, 1), rgb, null, seed).apply(saturated, 0, 1);
            double factor = Double.NaN;
            for (int i = 0; i < 4; i++) {
                double g = 0.299 * pixels[i] + 0.587 * pixels[4 + i] + 0.114 * pixels[8 + i];
                for (int ch = 0; ch < 3; ch++) {
                    double ratio = (saturated[ch * 4 + i] - g) / (pixels[ch * 4 + i] - g);
                    factor = Double.isNaN(factor) ? ratio : factor;
                    assertEquals(factor, ratio, 1e-3, "seed " + seed + ", pixel " + i + ", channel " + ch);
                }
            }
            assertTrue(factor >= 0 && factor <= 2, "factor " + factor);

            float[] contrasted = pixels.clone();
            new BatchAugmenter(new Augmentation(0, false, 0, 0.5, 0), rgb, null, seed).apply(contrasted, 0, 1);
            assertEquals(meanGrey(pixels), meanGrey(contrasted), 1e-5, "contrast blends towards the mean grey");
            assertFalse(Arrays.equals(pixels, contrasted));
        }
    }

    private static double meanGrey(float[] p) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += 0.299 * p[i] + 0.587 * p[4 + i] + 0.114 * p[8 + i];
        }
        return sum / 4;
    }

    @Test
    void theFloatBufferPathMatchesTheArrayPath() {
        Augmentation plan = Augmentation.cropAndFlip(3).withColourJitter(0.3, 0.3, 0);
        float[] array = ramps(8);
        for (int i = 0; i < array.length; i++) {
            array[i] /= SIZE;
        }
        FloatBuffer buffer = ByteBuffer.allocateDirect(array.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffer.put(0, array);
        new BatchAugmenter(plan, GREY_8, null, 9).apply(array, 0, 8);
        new BatchAugmenter(plan, GREY_8, null, 9).apply(buffer, 8);
        float[] fromBuffer = new float[array.length];
        buffer.get(0, fromBuffer);
        assertArrayEquals(array, fromBuffer);
    }

    @Test
    void turningFlipsOnLeavesTheCropsAsTheyWere() {
        float[] cropped = ramps(20);
        float[] both = ramps(20);
        new BatchAugmenter(new Augmentation(2, false, 0, 0, 0), GREY_8, null, 6).apply(cropped, 0, 20);
        new BatchAugmenter(new Augmentation(2, true, 0, 0, 0), GREY_8, null, 6).apply(both, 0, 20);
        for (int s = 0; s < 20; s++) {
            float[] c = Arrays.copyOfRange(cropped, s * SIZE, (s + 1) * SIZE);
            float[] b = Arrays.copyOfRange(both, s * SIZE, (s + 1) * SIZE);
            float[] mirrored = c.clone();
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    mirrored[y * 8 + x] = c[y * 8 + 7 - x];
                }
            }
            assertTrue(Arrays.equals(b, c) || Arrays.equals(b, mirrored), "sample " + s);
        }
    }

    @Test
    void augmentationNeedsImagesAndSaturationNeedsColour() {
        String tabular = assertThrows(IllegalArgumentException.class,
                () -> new BatchAugmenter(Augmentation.cropAndFlip(2), new long[] {12}, null, 1)).getMessage();
        assertTrue(tabular.startsWith("augmentation = "), tabular);
        assertTrue(tabular.endsWith(": must be none for samples that are not images (channels x height x width)"), tabular);
        assertEquals("saturation = 0.5: must be 0 for images of 1 channel(s); it needs colour (3)",
                assertThrows(IllegalArgumentException.class,
                        () -> new BatchAugmenter(new Augmentation(0, false, 0, 0, 0.5), GREY_8, null, 1)).getMessage());
        new BatchAugmenter(Augmentation.NONE, new long[] {12}, null, 1).apply(new float[12], 0, 1);
    }
}
