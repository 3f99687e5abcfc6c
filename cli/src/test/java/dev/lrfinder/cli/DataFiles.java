package dev.lrfinder.cli;

import dev.lrfinder.data.Fixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Small data sets in every format {@code find --data} reads, written as their tools write them
 * (NumPy's .npy/.npz, MNIST's IDX, ImageIO's PNGs), each with a class signal a model learns.
 */
final class DataFiles {
    /** Samples in every fixture. */
    static final int ROWS = 120;
    private static final String[] SPECIES = {"ant", "bee", "cat"};

    private DataFiles() {}

    /** Class of row {@code i}: the rows cycle through 3 classes. */
    static int label(int i) {
        return i % 3;
    }

    /**
     * A CSV with a header, two numeric features, a quoted text column with a comma in it (not a
     * feature: named out by --features) and text labels.
     */
    static Path csv(Path file) {
        SplittableRandom random = new SplittableRandom(1);
        StringBuilder csv = new StringBuilder("length,width,\"note, free text\",species\n");
        for (int i = 0; i < ROWS; i++) {
            int c = label(i);
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,\"row %d, said \"\"%s\"\"\",%s%n", c + 0.4 * random.nextGaussian(),
                    -c + 0.4 * random.nextGaussian(), i, SPECIES[c], SPECIES[c]));
        }
        return write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Features as float32 {@code (ROWS, 1, 8, 8)}: a bright pixel per class on noise. */
    static float[] pixels() {
        SplittableRandom random = new SplittableRandom(2);
        float[] x = new float[ROWS * 64];
        for (int i = 0; i < ROWS; i++) {
            for (int p = 0; p < 64; p++) {
                x[i * 64 + p] = (float) (0.3 * random.nextDouble());
            }
            x[i * 64 + 9 * (1 + 2 * label(i))] = 1;
        }
        return x;
    }

    static long[] labels() {
        long[] y = new long[ROWS];
        for (int i = 0; i < ROWS; i++) {
            y[i] = label(i);
        }
        return y;
    }

    /** A .npz as numpy.savez_compressed writes it: x float32 (N, 1, 8, 8), y int64 (N,). */
    static Path npz(Path file) {
        Fixtures.npz(file, true, new String[] {"x", "y"}, new byte[][] {
            Fixtures.npy("<f4", false, new long[] {ROWS, 1, 8, 8}, floats(pixels())),
            Fixtures.npy("<i8", false, new long[] {ROWS}, longs(labels()))});
        return file;
    }

    /** Features float32 (N, 64) in one .npy, labels int64 in another. */
    static Path[] npyPair(Path dir) {
        return new Path[] {write(dir.resolve("X.npy"), Fixtures.npy("<f4", false, new long[] {ROWS, 64}, floats(pixels()))),
            write(dir.resolve("y.npy"), Fixtures.npy("<i8", false, new long[] {ROWS}, longs(labels())))};
    }

    /** Gzipped IDX images (N x 8 x 8 ubyte) and labels, as MNIST ships them. */
    static Path[] idx(Path dir) {
        float[] x = pixels();
        byte[] pixels = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            pixels[i] = (byte) Math.round(x[i] * 255);
        }
        byte[] labels = new byte[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = (byte) label(i);
        }
        return new Path[] {
            write(dir.resolve("train-images-idx3-ubyte.gz"), Fixtures.gzip(Fixtures.idx(0x08, new int[] {ROWS, 8, 8}, pixels))),
            write(dir.resolve("train-labels-idx1-ubyte.gz"), Fixtures.gzip(Fixtures.idx(0x08, new int[] {ROWS}, labels)))};
    }

    /** {@code dir/<red|green|blue>/N.png}: 12x10 colour PNGs written by ImageIO, one dominant channel per class. */
    static Path images(Path dir) {
        SplittableRandom random = new SplittableRandom(3);
        String[] classes = {"blue", "green", "red"};
        for (int i = 0; i < ROWS / 2; i++) {
            int c = label(i);
            BufferedImage image = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 12; x++) {
                    int[] rgb = {random.nextInt(90), random.nextInt(90), random.nextInt(90)};
                    rgb[2 - c] += 160; // blue, green, red
                    image.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
                }
            }
            save(dir.resolve(classes[c]).resolve(i + ".png"), image);
        }
        return dir;
    }

    static void save(Path file, BufferedImage image) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] floats(float[] values) {
        return Fixtures.floats32(ByteOrder.LITTLE_ENDIAN, values);
    }

    static byte[] longs(long[] values) {
        return Fixtures.longs64(ByteOrder.LITTLE_ENDIAN, values);
    }

    static Path write(Path file, byte[] data) {
        return Fixtures.write(file.toAbsolutePath(), data);
    }

    static Path write(Path file, String text) {
        return Fixtures.write(file.toAbsolutePath(), text);
    }
}
