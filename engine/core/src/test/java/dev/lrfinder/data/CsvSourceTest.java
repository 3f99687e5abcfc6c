package dev.lrfinder.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {
    @TempDir
    Path dir;

    private static final String PETS = """
            length,"width, cm",weight,kind
            1.0,2.0,10,"tabby, cat"
            2.0,3.0,20,dog
            3.0,4.0,30,"tabby, cat"
            4.0,5.0,40,eel
            """;

    @Test
    void textLabelsAndQuotedFieldsBecomeSortedClassesAndFeatures() {
        LoadedData data = Datasets.csv(Fixtures.write(dir.resolve("pets.csv"), PETS)).read();

        assertEquals(DataKind.CLASSIFICATION, data.kind());
        assertEquals(List.of("dog", "eel", "tabby, cat"), data.schema().classNames());
        assertEquals(List.of("length", "width, cm", "weight"), data.schema().featureNames());
        assertEquals("kind", data.schema().labelName());
        assertArrayEquals(new float[] {2, 0, 2, 1}, data.targets());
        assertArrayEquals(new float[] {1, 2, 10, 2, 3, 20, 3, 4, 30, 4, 5, 40}, all(data));
        assertArrayEquals(new int[] {1, 1, 2}, data.classCounts());
        assertEquals(dir.resolve("pets.csv") + ": 4 samples of 3 features, 3 classes (dog 1, eel 1, tabby, cat 2)", data.describe());
    }

    @Test
    void aCutOrCorruptGzipAndTextThatIsNotUtf8AreSaidInWordsWithTheLine() {
        byte[] gz = Fixtures.gzip(PETS.repeat(50).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path cut = Fixtures.write(dir.resolve("cut.csv.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        assertEquals(cut + ": the gzip stream ends early (the file is cut short)",
                assertThrows(DataFileException.class, () -> Datasets.csv(cut).read()).getMessage());
        byte[] flipped = gz.clone();
        for (int i = 12; i < 40; i++) {
            flipped[i] ^= (byte) 0x5A;
        }
        Path corrupt = Fixtures.write(dir.resolve("corrupt.csv.gz"), flipped);
        String message = assertThrows(DataFileException.class, () -> Datasets.csv(corrupt).read()).getMessage();
        assertTrue(message.startsWith(corrupt + ": the gzip stream is corrupt ("), message);
        // café in Latin-1: 0xE9 where UTF-8 wants a two-byte sequence
        byte[] latin1 = "a,b,kind\n1,2,x\n3,4,caf\u00e9 au lait\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path text = Fixtures.write(dir.resolve("latin1.csv"), latin1);
        assertEquals(text + ": line 3 is not UTF-8: byte 0xE9 at column 8 (save the file as UTF-8)",
                assertThrows(DataFileException.class, () -> Datasets.csv(text).read()).getMessage());
    }

    @Test
    void theFeatureBlockIsOneDirectBufferInThePlatformsOrder() {
        LoadedData data = Datasets.csv(Fixtures.write(dir.resolve("pets.csv"), PETS)).read();
        FloatBuffer features = data.features();
        assertTrue(features.isDirect());
        assertTrue(features.isReadOnly());
        assertEquals(java.nio.ByteOrder.nativeOrder(), features.order());
        assertEquals(12, features.capacity());
    }

    @Test
    void aColumnNamedLabelTargetOrYIsTheLabelWhereverItIs() {
        LoadedData data = Datasets.csv(Fixtures.write(dir.resolve("a.csv"), "Y,a,b\n0,1,2\n1,3,4\n0,5,6\n")).read();
        assertEquals("Y", data.schema().labelName());
        assertEquals(List.of("a", "b"), data.schema().featureNames());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, all(data));
    }

    @Test
    void integerLabelsAreClassesByValueAndDecimalLabelsRegression() {
        LoadedData classes = Datasets.csv(Fixtures.write(dir.resolve("c.csv"), "a,label\n1,10\n2,-3\n3,10\n4,2\n")).read();
        assertEquals(DataKind.CLASSIFICATION, classes.kind());
        assertEquals(List.of("-3", "2", "10"), classes.schema().classNames());
        assertArrayEquals(new float[] {2, 0, 2, 1}, classes.targets());

        LoadedData values = Datasets.csv(Fixtures.write(dir.resolve("r.csv"), "a,price\n1,10\n2,2.5\n3,-1e3\n")).read();
        assertEquals(DataKind.REGRESSION, values.kind());
        assertEquals(List.of(), values.schema().classNames());
        assertArrayEquals(new float[] {10, 2.5f, -1000}, values.targets());
        assertEquals(1, values.schema().outputs());
    }

    @Test
    void aForcedKindOverridesTheGuess() {
        Path file = Fixtures.write(dir.resolve("k.csv"), "a,y\n1,3\n2,1\n3,3\n");
        LoadedData regression = Datasets.csv(file).optKind(DataKind.REGRESSION).read();
        assertEquals(DataKind.REGRESSION, regression.kind());
        assertArrayEquals(new float[] {3, 1, 3}, regression.targets());

        Path decimals = Fixtures.write(dir.resolve("d.csv"), "a,y\n1,0.5\n2,1.5\n3,0.5\n");
        LoadedData classes = Datasets.csv(decimals).optKind(DataKind.CLASSIFICATION).read();
        assertEquals(List.of("0.5", "1.5"), classes.schema().classNames());
    }

    @Test
    void chosenFeaturesAreReadInTheOrderGivenAndOtherColumnsIgnored() {
        LoadedData data = Datasets.csv(Fixtures.write(dir.resolve("pets.csv"), PETS))
                .optLabel("kind").optFeatures("weight", "length").read();
        assertEquals(List.of("weight", "length"), data.schema().featureNames());
        assertArrayEquals(new float[] {10, 1, 20, 2, 30, 3, 40, 4}, all(data));
    }

    @Test
    void gzippedTsvWithWindowsLineEndsAndBlankLinesIsRead() {
        String tsv = "a\tb\tlabel\r\n1\t2\tx\r\n\r\n3\t4\tz\r\n5\t6\tx\r\n";
        Path file = Fixtures.write(dir.resolve("t.tsv.gz"), Fixtures.gzip(tsv.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        LoadedData data = Datasets.csv(file).read();
        assertEquals(3, data.samples());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, all(data));
        assertEquals(List.of("x", "z"), data.schema().classNames());
    }

    @Test
    void aFileWithoutHeaderNamesColumnsByPositionAndTakesTheLastAsLabel() {
        LoadedData data = Datasets.csv(Fixtures.write(dir.resolve("h.csv"), "1,2,0\n3,4,1\n5,6,1\n")).read();
        assertEquals(3, data.samples());
        assertEquals(List.of("1", "2"), data.schema().featureNames());
        assertArrayEquals(new float[] {0, 1, 1}, data.targets());
    }

    @Test
    void raggedRowNamesItsLine() {
        Path file = Fixtures.write(dir.resolve("bad.csv"), "a,b,y\n1,2,0\n3,4\n5,6,1\n");
        assertEquals(file + " line 3: 2 fields, but the header has 3", message(file));
    }

    @Test
    void nonNumericFeatureNamesLineColumnAndValue() {
        Path file = Fixtures.write(dir.resolve("bad.csv"), "a,x2,y\n1,2,0\n3,4,1\n5,abc,1\n");
        assertEquals(file + " line 4, column 'x2': 'abc' is not a number", message(file));
    }

    @Test
    void aQuotedMultiLineFieldDoesNotShiftTheLinesOfLaterRows() {
        Path file = Fixtures.write(dir.resolve("bad.csv"), "a,b,y\n1,2,\"two\nlines\"\n3,zz,1\n");
        assertEquals(file + " line 4, column 'b': 'zz' is not a number", message(file));
    }

    @Test
    void emptyAndNonFiniteFeaturesAreRefused() {
        Path empty = Fixtures.write(dir.resolve("e.csv"), "a,b,y\n1,,0\n");
        assertEquals(empty + " line 2, column 'b': an empty field is not a number (fill in or drop missing values first)", message(empty));
        Path nan = Fixtures.write(dir.resolve("n.csv"), "a,b,y\n1,NaN,0\n");
        assertEquals(nan + " line 2, column 'b': 'NaN' is not a finite float32 number", message(nan));
    }

    @Test
    void aMissingLabelColumnListsTheColumns() {
        Path file = Fixtures.write(dir.resolve("pets.csv"), PETS);
        String m = assertThrows(DataFileException.class, () -> Datasets.csv(file).optLabel("species").read()).getMessage();
        assertEquals(file + " line 1: no column 'species' for the label; the columns are length, width, cm, weight, kind", m);
    }

    @Test
    void unknownFeatureColumnsAndTheLabelAsFeatureAreRefused() {
        Path file = Fixtures.write(dir.resolve("pets.csv"), PETS);
        String unknown = assertThrows(DataFileException.class, () -> Datasets.csv(file).optFeatures("height").read()).getMessage();
        assertTrue(unknown.startsWith(file + " line 1: no feature column 'height'"), unknown);
        String label = assertThrows(DataFileException.class, () -> Datasets.csv(file).optFeatures("kind").read()).getMessage();
        assertEquals(file + " line 1: column 'kind' is the label and cannot also be a feature", label);
    }

    @Test
    void emptyFilesHeaderOnlyAndOneClassAreRefused() {
        Path empty = Fixtures.write(dir.resolve("empty.csv"), "");
        assertEquals(empty + ": empty: no header row and no data", message(empty));
        Path header = Fixtures.write(dir.resolve("header.csv"), "a,b,y\n");
        assertEquals(header + ": no data rows after the header", message(header));
        Path one = Fixtures.write(dir.resolve("one.csv"), "a,y\n1,cat\n2,cat\n");
        assertEquals(one + ", column 'y': every label is 'cat': classification needs 2 or more classes", message(one));
    }

    @Test
    void regressionLabelsMustBeNumbers() {
        Path file = Fixtures.write(dir.resolve("r.csv"), "a,y\n1,2.5\n2,oops\n");
        String m = assertThrows(DataFileException.class, () -> Datasets.csv(file).optKind(DataKind.REGRESSION).read()).getMessage();
        assertEquals(file + " line 3, column 'y': 'oops' is not a number (regression targets are numbers)", m);
    }

    @Test
    void manyDistinctIntegerLabelsAreNotGuessedToBeClasses() {
        StringBuilder csv = new StringBuilder("a,y\n");
        for (int i = 0; i < Labels.MAX_GUESSED_CLASSES + 1; i++) {
            csv.append(i).append(',').append(i * 7).append('\n');
        }
        Path file = Fixtures.write(dir.resolve("counts.csv"), csv.toString());
        String m = message(file);
        assertTrue(m.startsWith(file + ", column 'y': 1,001 distinct labels, too many to take for classes"), m);
        assertEquals(DataKind.REGRESSION, Datasets.csv(file).optKind(DataKind.REGRESSION).read().kind());
    }

    private static String message(Path file) {
        String m = assertThrows(DataFileException.class, () -> Datasets.csv(file).read()).getMessage();
        assertFalse(m.contains("\n"), m);
        return m;
    }

    static float[] all(LoadedData data) {
        float[] out = new float[data.samples() * data.featureSize()];
        data.features().get(out);
        return out;
    }
}
