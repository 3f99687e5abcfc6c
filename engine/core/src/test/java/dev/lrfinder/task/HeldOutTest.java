package dev.lrfinder.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.FloatBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeldOutTest {

    @Test
    void holdsOutAShareOfEveryClassAndKeepsEveryRowOnce() {
        TrainingData data = TaskSpec.named("blobs").withSamples(1000).trainingData();
        HeldOut split = HeldOut.split(data, 0.2, 42);
        assertEquals(800, split.train().samples());
        assertEquals(200, split.validation().samples());
        int[] perClass = new int[data.classes()];
        for (float t : split.validation().targets()) {
            perClass[(int) t]++;
        }
        int[] all = new int[data.classes()];
        for (float t : data.targets()) {
            all[(int) t]++;
        }
        for (int c = 0; c < all.length; c++) {
            assertEquals(Math.floor(all[c] * 0.2), perClass[c], 1, "class " + c);
        }
        Set<String> rows = new HashSet<>();
        addRows(rows, split.train());
        addRows(rows, split.validation());
        Set<String> original = new HashSet<>();
        addRows(original, data);
        assertEquals(original, rows);
        assertEquals(HeldOut.split(data, 0.2, 42).validation().targets().length, 200);
    }

    @Test
    void onlyTheTrainingPartKeepsTheAugmentation() {
        TrainingData data = TaskSpec.named("patterns").withSamples(100).withAugmentation(0.3, true).trainingData();
        HeldOut split = HeldOut.split(data, 0.25, 1);
        assertEquals(0.3, split.train().augmentNoise());
        assertEquals(true, split.train().augmentFlips());
        assertEquals(0, split.validation().augmentNoise());
        assertEquals(false, split.validation().augmentFlips());
    }

    @Test
    void badFractionsAreRefused() {
        TrainingData data = TaskSpec.named("spirals").withSamples(10).trainingData();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeldOut.split(data, 1, 1));
        assertEquals("fraction = 1.0: must be a number in (0, 1)", e.getMessage());
    }

    private static void addRows(Set<String> into, TrainingData data) {
        FloatBuffer f = data.features();
        float[] targets = data.targets();
        int size = data.featureSize();
        for (int r = 0; r < data.samples(); r++) {
            StringBuilder row = new StringBuilder().append(targets[r]).append(':');
            for (int i = 0; i < size; i++) {
                row.append(f.get(r * size + i)).append(',');
            }
            into.add(row.toString());
        }
    }
}
