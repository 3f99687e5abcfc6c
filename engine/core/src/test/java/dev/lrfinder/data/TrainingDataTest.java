package dev.lrfinder.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.TrainingData;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A LoadedData as the backends train on it: read in place, batched by BatchSampler, augmented in Java. */
class TrainingDataTest {
    @TempDir
    Path dir;

    /** 40 grey 1x4x4 images whose pixels count up, labels 0..3. */
    private LoadedData images() {
        byte[] pixels = new byte[40 * 16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i % 251);
        }
        byte[] labels = new byte[40];
        for (int i = 0; i < 40; i++) {
            labels[i] = (byte) (i % 4);
        }
        Path x = Fixtures.write(dir.resolve("x-idx3-ubyte"), Fixtures.idx(0x08, new int[] {40, 4, 4}, pixels));
        Path y = Fixtures.write(dir.resolve("y-idx1-ubyte"), Fixtures.idx(0x08, new int[] {40}, labels));
        return Datasets.idx(x, y).read();
    }

    @Test
    void theViewIsTheDatasOwnBlockAndSaysWhatItIs() {
        LoadedData data = images();
        TrainingData view = data.trainingData();
        FloatBuffer features = view.features();
        assertTrue(features.isDirect() && features.isReadOnly());
        assertEquals(ByteOrder.nativeOrder(), features.order());
        assertEquals(40 * 16, features.remaining());
        assertEquals(data.featureBytes().asFloatBuffer().get(17), features.get(17), "one memory, two views");
        assertArrayEquals(new long[] {1, 4, 4}, view.sampleShape());
        assertEquals(4, view.classes());
        assertTrue(view.isImage());
        assertTrue(view.describe().endsWith("x-idx3-ubyte (40 samples of 1x4x4, 4 classes)"), view.describe());
        assertNull(view.newAugmenter(1), "no augmentation asked for");
        assertThrows(UnsupportedOperationException.class, () -> data.featureBytes().put(0, (byte) 1));
    }

    @Test
    void augmentationChangesTheSamplesButNotWhichRowsTheBatchesHold() {
        LoadedData data = images();
        TrainingData plain = data.trainingData();
        TrainingData augmented = data.trainingData(Augmentation.cropAndFlip(1), 0);
        BatchSampler a = new BatchSampler(plain, 8, 3);
        BatchSampler b = new BatchSampler(augmented, 8, 3);
        BatchSampler again = new BatchSampler(augmented, 8, 3);
        assertFalse(a.augmentsInJava());
        assertTrue(b.augmentsInJava());
        float[] xa = new float[8 * 16], ya = new float[8];
        float[] xb = new float[8 * 16], yb = new float[8];
        float[] xc = new float[8 * 16], yc = new float[8];
        boolean changed = false;
        for (int batch = 0; batch < 10; batch++) {
            a.next(xa, ya);
            b.next(xb, yb);
            again.next(xc, yc);
            assertArrayEquals(ya, yb, "batch " + batch + ": the same rows");
            assertArrayEquals(xb, xc, "batch " + batch + ": the same seed, the same augmented batch");
            changed |= !Arrays.equals(xa, xb);
        }
        assertTrue(changed, "augmentation changed some samples");
    }

    @Test
    void imageAugmentationOfFeaturesThatAreNotImagesIsRefused() {
        LoadedData table = Datasets.csv(Fixtures.write(dir.resolve("t.csv"), "a,b,label\n1,2,x\n3,4,y\n")).read();
        var e = assertThrows(IllegalArgumentException.class, () -> table.trainingData(new Augmentation(0, true, 0, 0, 0), 0));
        assertTrue(e.getMessage().contains("must be none for samples that are not images"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> table.trainingData(Augmentation.NONE, -1));
        assertEquals(0.5, table.trainingData(Augmentation.NONE, 0.5).augmentNoise());
    }
}
