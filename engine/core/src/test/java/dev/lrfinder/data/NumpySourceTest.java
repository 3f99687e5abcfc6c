package dev.lrfinder.data;

import static dev.lrfinder.data.CsvSourceTest.all;
import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumpySourceTest {
    @TempDir
    Path dir;

    private static final float[] X = {0.5f, -1, 2, 3, 4.25f, 5, 6, 7, 8, 9, 10, 11};

    @Test
    void npzOfFloat32FeaturesAndInt64LabelsIsClassification() {
        for (boolean compressed : new boolean[] {false, true}) {
            Path file = dir.resolve("d" + compressed + ".npz");
            Fixtures.npz(file, compressed, new String[] {"x", "y"}, new byte[][] {
                Fixtures.npy("<f4", false, new long[] {4, 3}, Fixtures.floats32(LITTLE_ENDIAN, X)),
                Fixtures.npy("<i8", false, new long[] {4}, Fixtures.longs64(LITTLE_ENDIAN, 7, 3, 7, 3))});
            LoadedData data = Datasets.numpy(file).read();
            assertEquals(DataKind.CLASSIFICATION, data.kind());
            assertArrayEquals(new long[] {3}, data.schema().sampleShape());
            assertEquals(List.of("3", "7"), data.schema().classNames());
            assertArrayEquals(new float[] {1, 0, 1, 0}, data.targets());
            assertArrayEquals(X, all(data));
        }
    }

    @Test
    void bigEndianFloat64AndUpperCaseArrayNamesAreRead() {
        double[] x = new double[X.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = X[i];
        }
        Path file = dir.resolve("be.npz");
        Fixtures.npz(file, true, new String[] {"X", "Y"}, new byte[][] {
            Fixtures.npy(">f8", false, new long[] {4, 3}, Fixtures.floats64(BIG_ENDIAN, x)),
            Fixtures.npy(">f8", false, new long[] {4, 1}, Fixtures.floats64(BIG_ENDIAN, 0.5, 1.5, -2, 3))});
        LoadedData data = Datasets.numpy(file).read();
        assertEquals(DataKind.REGRESSION, data.kind());
        assertArrayEquals(new float[] {0.5f, 1.5f, -2, 3}, data.targets());
        assertArrayEquals(X, all(data));
    }

    @Test
    void twoNpyFilesOfUint8ImagesAndBoolLabels() {
        byte[] pixels = new byte[4 * 2 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (200 + i);
        }
        Path x = Fixtures.write(dir.resolve("X.npy"), Fixtures.npy("|u1", false, new long[] {4, 2, 3}, pixels));
        Path y = Fixtures.write(dir.resolve("y.npy"), Fixtures.npy("|b1", false, new long[] {4}, new byte[] {1, 0, 0, 1}));
        LoadedData data = Datasets.numpy(x, y).read();
        assertArrayEquals(new long[] {1, 2, 3}, data.schema().sampleShape(), "(N, H, W) arrays are 1xHxW images");
        assertEquals(List.of("0", "1"), data.schema().classNames());
        float[] features = all(data);
        assertEquals(200, features[0]);
        assertEquals(223, features[23], "uint8 values stay as they are (above 127 too)");
    }

    @Test
    void int32FeaturesLittleEndianAndFloat32LabelsForcedToClasses() {
        Path x = Fixtures.write(dir.resolve("a.npy"), Fixtures.npy("<i4", false, new long[] {3, 2}, Fixtures.ints32(LITTLE_ENDIAN, -5, 6, 7, 8, 9, 10)));
        Path y = Fixtures.write(dir.resolve("b.npy"), Fixtures.npy("<f4", false, new long[] {3}, Fixtures.floats32(LITTLE_ENDIAN, 2, 0, 2)));
        LoadedData data = Datasets.numpy(x, y).optKind(DataKind.CLASSIFICATION).read();
        assertArrayEquals(new float[] {-5, 6, 7, 8, 9, 10}, all(data));
        assertEquals(List.of("0", "2"), data.schema().classNames());
        assertArrayEquals(new float[] {1, 0, 1}, data.targets());

        Path halves = Fixtures.write(dir.resolve("c.npy"), Fixtures.npy("<f4", false, new long[] {3}, Fixtures.floats32(LITTLE_ENDIAN, 2, 0.5f, 2)));
        String m = message(() -> Datasets.numpy(x, halves).optKind(DataKind.CLASSIFICATION).read());
        assertEquals(halves + ", element 1: 0.5 is not an integer class label (kind classification)", m);
    }

    @Test
    void fortranOrderIsRefusedWithAMessage() {
        Path file = dir.resolve("f.npz");
        Fixtures.npz(file, false, new String[] {"x", "y"}, new byte[][] {
            Fixtures.npy("<f4", true, new long[] {4, 3}, Fixtures.floats32(LITTLE_ENDIAN, X)),
            Fixtures.npy("<i8", false, new long[] {4}, Fixtures.longs64(LITTLE_ENDIAN, 0, 1, 0, 1))});
        assertEquals(file + ", array 'x': Fortran order is not supported: must be C order (save numpy.ascontiguousarray(a))",
                message(() -> Datasets.numpy(file).read()));
    }

    @Test
    void unsupportedDtypesAreRefusedNamingTheArray() {
        Path y = Fixtures.write(dir.resolve("y.npy"), Fixtures.npy("<i8", false, new long[] {2}, Fixtures.longs64(LITTLE_ENDIAN, 0, 1)));
        for (String descr : new String[] {"<f2", "<U5", "<c8", "|O"}) {
            Path x = Fixtures.write(dir.resolve("x.npy"), Fixtures.npy(descr, false, new long[] {2, 1}, new byte[40]));
            assertEquals(x + ": dtype '" + descr + "' is not supported: must be float32, float64, a signed or unsigned"
                    + " integer of 8 to 64 bits, or bool", message(() -> Datasets.numpy(x, y).read()));
        }
    }

    @Test
    void mismatchedLengthsTruncationBadMagicAndMissingArraysAreRefused() {
        Path x = Fixtures.write(dir.resolve("x.npy"), Fixtures.npy("<f4", false, new long[] {4, 3}, Fixtures.floats32(LITTLE_ENDIAN, X)));
        Path y3 = Fixtures.write(dir.resolve("y3.npy"), Fixtures.npy("<i8", false, new long[] {3}, Fixtures.longs64(LITTLE_ENDIAN, 0, 1, 0)));
        assertEquals(x + ": 4 samples, but " + y3 + " has 3 labels", message(() -> Datasets.numpy(x, y3).read()));

        Path y4 = Fixtures.write(dir.resolve("y4.npy"), Fixtures.npy("<i8", false, new long[] {4}, Fixtures.longs64(LITTLE_ENDIAN, 0, 1, 0, 1)));
        byte[] full = Fixtures.npy("<f4", false, new long[] {4, 3}, Fixtures.floats32(LITTLE_ENDIAN, X));
        Path cut = Fixtures.write(dir.resolve("cut.npy"), Arrays.copyOf(full, full.length - 10));
        assertEquals(cut + ": the data ends after 9 of its 12 elements (truncated?)", message(() -> Datasets.numpy(cut, y4).read()));

        Path csv = Fixtures.write(dir.resolve("notnpy.npy"), "a,b\n1,2\n");
        assertEquals(csv + ": not a NumPy .npy array (no \\x93NUMPY magic)", message(() -> Datasets.numpy(x, csv).read()));

        Path npz = dir.resolve("m.npz");
        Fixtures.npz(npz, true, new String[] {"features", "y"}, new byte[][] {full, Fixtures.npy("<i8", false, new long[] {4}, new byte[32])});
        assertEquals(npz + ": no array 'x' or 'X' (it holds features, y)", message(() -> Datasets.numpy(npz).read()));

        Path labels2d = Fixtures.write(dir.resolve("y2.npy"), Fixtures.npy("<i8", false, new long[] {2, 2}, new byte[32]));
        assertTrue(message(() -> Datasets.numpy(x, labels2d).read()).endsWith("shape (2, 2) is not one target per sample: must be (N,) or (N, 1) with N > 0"));

        Path notZip = Fixtures.write(dir.resolve("z.npz"), "plain text");
        assertTrue(message(() -> Datasets.numpy(notZip).read()).startsWith(notZip + ": not a .npz file"));
    }

    @Test
    void nonFiniteFeaturesAreRefusedWithTheirIndex() {
        float[] x = X.clone();
        x[7] = Float.NaN;
        Path xs = Fixtures.write(dir.resolve("x.npy"), Fixtures.npy("<f4", false, new long[] {4, 3}, Fixtures.floats32(LITTLE_ENDIAN, x)));
        Path y = Fixtures.write(dir.resolve("y.npy"), Fixtures.npy("<i8", false, new long[] {4}, Fixtures.longs64(LITTLE_ENDIAN, 0, 1, 0, 1)));
        assertEquals(xs + ": element 7 is NaN, not a finite float32 number", message(() -> Datasets.numpy(xs, y).read()));
    }

    private static String message(org.junit.jupiter.api.function.Executable read) {
        String m = assertThrows(DataFileException.class, read).getMessage();
        assertFalse(m.contains("\n"), m);
        return m;
    }
}
