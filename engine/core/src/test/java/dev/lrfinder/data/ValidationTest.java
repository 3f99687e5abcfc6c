package dev.lrfinder.data;

import static dev.lrfinder.data.CsvSourceTest.all;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationTest {
    @TempDir
    Path dir;

    /** 100 rows: feature "id" is the row number, "big" 1000x it plus a wobble; classes a (60), b (30), c (10). */
    private Path hundred() {
        StringBuilder csv = new StringBuilder("id,big,label\n");
        for (int i = 0; i < 100; i++) {
            csv.append(i).append(',').append(1000 * i + (i % 7) * 300).append(',').append(i % 10 == 0 ? "c" : i % 10 < 4 ? "b" : "a").append('\n');
        }
        return Fixtures.write(dir.resolve("hundred.csv"), csv.toString());
    }

    private static Set<Integer> ids(LoadedData data) {
        Set<Integer> ids = new TreeSet<>();
        float[] f = all(data);
        for (int i = 0; i < data.samples(); i++) {
            ids.add((int) f[i * data.featureSize()]);
        }
        return ids;
    }

    @Test
    void aSeededSplitIsReproducibleDisjointCompleteAndStratified() {
        Path file = hundred();
        DataSplit first = Datasets.csv(file).optValidationSplit(0.2).optSeed(7).load();
        DataSplit again = Datasets.csv(file).optValidationSplit(0.2).optSeed(7).load();
        DataSplit other = Datasets.csv(file).optValidationSplit(0.2).optSeed(8).load();

        assertEquals(ids(first.validation()), ids(again.validation()));
        assertNotEquals(ids(first.validation()), ids(other.validation()));
        Set<Integer> train = ids(first.train());
        Set<Integer> validation = ids(first.validation());
        assertEquals(80, train.size());
        assertEquals(20, validation.size());
        assertTrue(validation.stream().noneMatch(train::contains), "disjoint");
        Set<Integer> union = new TreeSet<>(train);
        union.addAll(validation);
        assertEquals(100, union.size(), "complete");
        assertEquals(List.of("a", "b", "c"), first.validation().schema().classNames());
        assertArrayEquals(new int[] {12, 6, 2}, first.validation().classCounts(), "each class keeps its share");
        assertArrayEquals(new int[] {48, 24, 8}, first.train().classCounts());
    }

    @Test
    void theInPlaceSplitOfLoadAndTheCopyingSplitAgree() {
        Path file = hundred();
        DataSplit loaded = Datasets.csv(file).optValidationSplit(0.3).optSeed(3).load();
        DataSplit copied = DataSplit.byFraction(Datasets.csv(file).read(), 0.3, 3, true);
        assertArrayEquals(all(copied.train()), all(loaded.train()));
        assertArrayEquals(all(copied.validation()), all(loaded.validation()));
        assertArrayEquals(copied.validation().targets(), loaded.validation().targets());
    }

    @Test
    void anUnstratifiedOrRegressionSplitTakesTheRoundedFraction() {
        Path file = hundred();
        DataSplit plain = Datasets.csv(file).optValidationSplit(0.25).optStratified(false).load();
        assertEquals(25, plain.validation().samples());
        DataSplit regression = Datasets.csv(file).optLabel("big").optFeatures("id").optKind(DataKind.REGRESSION).optValidationSplit(0.1).load();
        assertEquals(10, regression.validation().samples());
        assertEquals(90, regression.train().samples());
    }

    @Test
    void aClassWithOneExampleCannotBeSplitStratifiedAndIsNamed() {
        Path file = Fixtures.write(dir.resolve("rare.csv"), "a,y\n1,x\n2,x\n3,x\n4,z\n5,x\n");
        String m = assertThrows(IllegalArgumentException.class, () -> Datasets.csv(file).optValidationSplit(0.2).load()).getMessage();
        assertEquals("validationSplit = 0.2: must be a split the data allows: class 'z' of " + file
                + " has 1 example, and a stratified split needs 2 or more of every class", m);
        assertEquals(1, Datasets.csv(file).optValidationSplit(0.2).optStratified(false).load().validation().samples());
    }

    @Test
    void standardizeUsesTheTrainingSplitsStatisticsForBothParts() {
        Path file = hundred();
        DataSplit standard = Datasets.csv(file).optValidationSplit(0.2).optSeed(5).optStandardize(true).load();
        DataSplit raw = DataSplit.byFraction(Datasets.csv(file).read(), 0.2, 5, true);

        FeatureStats trainStats = FeatureStats.perFeature(raw.train());
        FeatureStats after = FeatureStats.perFeature(standard.train());
        for (int j = 0; j < 2; j++) {
            assertEquals(0, after.mean()[j], 1e-5);
            assertEquals(1, after.std()[j], 1e-5);
        }
        float[] rawValidation = all(raw.validation());
        float[] validation = all(standard.validation());
        for (int i = 0; i < validation.length; i++) {
            int j = i % 2;
            assertEquals((rawValidation[i] - trainStats.mean()[j]) / trainStats.std()[j], validation[i], 1e-5,
                    "validation value " + i + " uses the training split's mean and std, not its own");
        }
        FeatureStats validationOwn = FeatureStats.perFeature(raw.validation());
        assertNotEquals(validationOwn.mean()[0], trainStats.mean()[0], 1e-3, "the fixture's parts differ, so the test can tell");
        assertTrue(standard.scaleWarning().isEmpty());
        assertEquals(2, standard.train().scaling().orElseThrow().groups());
    }

    @Test
    void featureScalesDifferingOver100xDrawAOneLineWarning() {
        DataSplit wide = Datasets.csv(hundred()).load();
        String warning = wide.scaleWarning().orElseThrow();
        assertTrue(warning.matches("feature scales differ by [0-9,]+x \\(standard deviation .* of 'big', .* of 'id'\\): standardize the features"),
                warning);
        assertFalse(warning.contains("\n"));
        Path even = Fixtures.write(dir.resolve("even.csv"), "a,b,y\n1,10,0\n2,30,1\n3,20,0\n");
        assertTrue(Datasets.csv(even).load().scaleWarning().isEmpty(), "10x apart is fine");
    }

    @Test
    void aSeparateValidationSourceIsReadWithTheTrainingColumnsAndClassIds() {
        Path train = Fixtures.write(dir.resolve("train.csv"), "f1,f2,kind\n1,2,cat\n3,4,dog\n5,6,eel\n7,8,cat\n");
        // other column order, an extra column, only two of the classes
        Path val = Fixtures.write(dir.resolve("val.csv"), "extra,kind,f2,f1\n0,eel,20,10\n0,cat,40,30\n");
        DataSplit split = Datasets.csv(train).optValidationData(Datasets.csv(val)).load();
        assertEquals(List.of("cat", "dog", "eel"), split.validation().schema().classNames());
        assertArrayEquals(new float[] {2, 0}, split.validation().targets());
        assertArrayEquals(new float[] {10, 20, 30, 40}, all(split.validation()));

        Path unknown = Fixtures.write(dir.resolve("unknown.csv"), "f1,f2,kind\n1,2,cat\n3,4,yak\n");
        String m = assertThrows(DataFileException.class, () -> Datasets.csv(train).optValidationData(Datasets.csv(unknown)).load()).getMessage();
        assertEquals(unknown + " line 3, column 'kind': class 'yak' is not one of the training data's 3 classes (cat, dog, eel)", m);

        Path missing = Fixtures.write(dir.resolve("missing.csv"), "f1,kind\n1,cat\n");
        m = assertThrows(DataFileException.class, () -> Datasets.csv(train).optValidationData(Datasets.csv(missing)).load()).getMessage();
        assertEquals(missing + " line 1: no feature column 'f2' (a feature of the training data); the columns are f1, kind", m);
    }

    @Test
    void aValidationSourceOfAnotherShapeNamesBothShapes() {
        Path train = Fixtures.write(dir.resolve("x.npy"), Fixtures.npy("<f4", false, new long[] {2, 3}, new byte[24]));
        Path labels = Fixtures.write(dir.resolve("y.npy"), Fixtures.npy("<i8", false, new long[] {2}, Fixtures.longs64(LITTLE_ENDIAN, 0, 1)));
        Path other = Fixtures.write(dir.resolve("v.npy"), Fixtures.npy("<f4", false, new long[] {2, 4}, new byte[32]));
        String m = assertThrows(DataFileException.class,
                () -> Datasets.numpy(train, labels).optValidationData(Datasets.numpy(other, labels)).load()).getMessage();
        assertEquals(other + " with labels " + labels + ": samples of 4 features, but the training data's are 3 features", m);
    }

    @Test
    void splitOptionsAreChecked() {
        Path file = hundred();
        assertEquals("validationSplit = 1.0: must be a fraction in (0, 1)",
                assertThrows(IllegalArgumentException.class, () -> Datasets.csv(file).optValidationSplit(1)).getMessage());
        String both = assertThrows(IllegalArgumentException.class,
                () -> Datasets.csv(file).optValidationSplit(0.1).optValidationData(Datasets.csv(file)).load()).getMessage();
        assertEquals("validationData = " + file + ": must be absent when validationSplit is given (one or the other)", both);
    }

    @Test
    void slicesShareTheBlockSelectionsCopyAndTaskDataMatches() {
        LoadedData data = Datasets.csv(hundred()).read();
        LoadedData middle = data.slice(10, 20);
        assertEquals(10, middle.samples());
        assertEquals(10f, middle.features().get(0));
        LoadedData picked = data.select(new int[] {5, 3});
        assertArrayEquals(new float[] {5, 6500, 3, 3900}, all(picked));
        var task = data.toTaskData();
        assertEquals(100, task.samples());
        assertEquals(3, task.classes());
        assertArrayEquals(all(data), task.features());
        assertArrayEquals(data.targets(), task.targets());
        assertArrayEquals(new long[] {2}, task.sampleShape());
        assertEquals(0, Datasets.csv(hundred()).optLabel("big").optFeatures("id").optKind(DataKind.REGRESSION).read().toTaskData().classes());
        assertTrue(Arrays.equals(middle.targets(), Arrays.copyOfRange(data.targets(), 10, 20)));
    }
}
