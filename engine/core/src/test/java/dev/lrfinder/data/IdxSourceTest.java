package dev.lrfinder.data;

import static dev.lrfinder.data.CsvSourceTest.all;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxSourceTest {
    @TempDir
    Path dir;

    /** Three 2x2 images, pixel values 0, 51, 102, ... 255 wrapping. */
    private static byte[] pixels() {
        byte[] p = new byte[12];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 51 % 256);
        }
        return p;
    }

    private Path images(String name, boolean gz) {
        byte[] file = Fixtures.idx(0x08, new int[] {3, 2, 2}, pixels());
        return Fixtures.write(dir.resolve(name), gz ? Fixtures.gzip(file) : file);
    }

    private Path labels(String name, byte... ids) {
        return Fixtures.write(dir.resolve(name), Fixtures.idx(0x08, new int[] {ids.length}, ids));
    }

    @Test
    void mnistLayoutIsOneChannelImagesScaledToUnitRange() {
        LoadedData data = Datasets.idx(images("train-images-idx3-ubyte", false), labels("train-labels-idx1-ubyte", (byte) 9, (byte) 0, (byte) 9)).read();
        assertArrayEquals(new long[] {1, 2, 2}, data.schema().sampleShape());
        assertEquals(List.of("0", "9"), data.schema().classNames());
        assertArrayEquals(new float[] {1, 0, 1}, data.targets());
        float[] f = all(data);
        for (int i = 0; i < f.length; i++) {
            assertEquals((i * 51 % 256) / 255f, f[i], 1e-7, "pixel " + i);
        }
    }

    @Test
    void gzippedFilesAreReadWhateverTheirName() {
        LoadedData plain = Datasets.idx(images("a-idx3-ubyte", false), labels("l", (byte) 1, (byte) 0, (byte) 1)).read();
        LoadedData gz = Datasets.idx(images("a-idx3-ubyte.gz", true), labels("l2", (byte) 1, (byte) 0, (byte) 1)).read();
        assertArrayEquals(all(plain), all(gz));
    }

    @Test
    void floatImagesAreReadAsTheyAre() {
        Path im = Fixtures.write(dir.resolve("f-idx2"), Fixtures.idx(0x0D, new int[] {2, 3},
                Fixtures.floats32(ByteOrder.BIG_ENDIAN, 1.5f, -2, 3, 4, 5, 6)));
        LoadedData data = Datasets.idx(im, labels("l", (byte) 0, (byte) 1)).read();
        assertArrayEquals(new long[] {3}, data.schema().sampleShape());
        assertArrayEquals(new float[] {1.5f, -2, 3, 4, 5, 6}, all(data));
    }

    @Test
    void wrongMagicTypeAndSwappedFilesAreRefused() {
        Path im = images("i", false);
        Path lab = labels("l", (byte) 0, (byte) 1, (byte) 0);
        Path bad = Fixtures.write(dir.resolve("bad"), new byte[] {1, 2, 8, 3, 0, 0, 0, 1});
        assertEquals(bad + ": magic 0x01020803 is not an IDX header (00 00, a type code, the number of dimensions)",
                message(() -> Datasets.idx(bad, lab).read()));
        Path type = Fixtures.write(dir.resolve("type"), new byte[] {0, 0, 7, 1, 0, 0, 0, 1, 0});
        assertEquals(type + ": IDX type code 0x07 is not one of 08 (ubyte), 09 (byte), 0B (short), 0C (int), 0D (float), 0E (double)",
                message(() -> Datasets.idx(im, type).read()));
        assertEquals(im + ": labels need an IDX file of 1 dimension; this one has 3 (3 x 2 x 2): is it the images file?",
                message(() -> Datasets.idx(lab, im).read()));
    }

    @Test
    void sizesThatDisagreeAreRefused() {
        Path im = images("i", false);
        Path two = labels("l2", (byte) 0, (byte) 1);
        assertEquals(two + ": 2 labels, but " + im + " has 3 images", message(() -> Datasets.idx(im, two).read()));

        byte[] full = Fixtures.idx(0x08, new int[] {3, 2, 2}, pixels());
        Path cut = Fixtures.write(dir.resolve("cut"), Arrays.copyOf(full, full.length - 3));
        Path lab = labels("l3", (byte) 0, (byte) 1, (byte) 0);
        assertEquals(cut + ": the data ends after 9 of its 12 elements (truncated?)", message(() -> Datasets.idx(cut, lab).read()));

        Path longer = Fixtures.write(dir.resolve("long"), Arrays.copyOf(full, full.length + 5));
        assertEquals(longer + ": 5 bytes after the last image: the sizes in the header do not match the file",
                message(() -> Datasets.idx(longer, lab).read()));
    }

    private static String message(org.junit.jupiter.api.function.Executable read) {
        String m = assertThrows(DataFileException.class, read).getMessage();
        assertFalse(m.contains("\n"), m);
        return m;
    }
}
