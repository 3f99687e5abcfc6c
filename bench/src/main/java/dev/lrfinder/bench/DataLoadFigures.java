package dev.lrfinder.bench;

import dev.lrfinder.data.DataSource;
import dev.lrfinder.data.Datasets;
import dev.lrfinder.data.LoadedData;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * How long the data readers take on data of the sizes issue 11 names: generates the files (once,
 * in a folder kept between runs), then reads them in this JVM, the first read cold (as a user's
 * {@code find} does) and then {@link #REPEATS} more, and prints the times and the process's peak
 * resident memory against the data's float32 size. One figure per JVM, so the memory figure is the
 * reader's own:
 *
 * <pre>native-scripts/bench-data            all three, each in a fresh JVM
 * native-scripts/bench-data csv|idx|png    one of them</pre>
 */
public final class DataLoadFigures {
    /** Reads after the first, cold one; the figure printed is their median. */
    static final int REPEATS = 4;
    static final int CSV_ROWS = 100_000;
    static final int CSV_FEATURES = 100;
    static final int IDX_IMAGES = 60_000;
    static final int IDX_SIDE = 28;
    static final int PNG_IMAGES = 10_000;
    static final int PNG_SIDE = 32;
    static final int CLASSES = 10;

    private DataLoadFigures() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: DataLoadFigures csv|idx|png FOLDER");
            System.exit(2);
        }
        Path folder = Path.of(args[1]);
        Files.createDirectories(folder);
        switch (args[0]) {
            case "csv" -> {
                Path file = folder.resolve("rows-100000x100.csv");
                if (!Files.exists(file)) {
                    writeCsv(file);
                }
                figure("CSV " + CSV_ROWS + " rows x " + CSV_FEATURES + " features + label, " + mb(Files.size(file)) + " file",
                        Datasets.csv(file), 2.0);
            }
            case "idx" -> {
                Path images = folder.resolve("images-idx3-ubyte");
                Path labels = folder.resolve("labels-idx1-ubyte");
                if (!Files.exists(labels)) {
                    writeIdx(images, labels);
                }
                figure("IDX " + IDX_IMAGES + " x " + IDX_SIDE * IDX_SIDE + " ubyte images", Datasets.idx(images, labels), 1.0);
            }
            case "png" -> {
                Path root = folder.resolve("png-10000x32x32");
                if (!Files.exists(root.resolve("done"))) {
                    writePngs(root);
                }
                figure("PNG " + PNG_IMAGES + " colour images of " + PNG_SIDE + "x" + PNG_SIDE + ", " + CLASSES + " class folders, "
                                + Runtime.getRuntime().availableProcessors() + " decoding threads",
                        Datasets.imageFolder(root).setImageSize(PNG_SIDE), 10.0);
            }
            default -> {
                System.err.println("DataLoadFigures: csv, idx or png, not " + args[0]);
                System.exit(2);
            }
        }
    }

    private static void figure(String what, DataSource<?> source, double targetSeconds) {
        long rssBefore = status("VmRSS");
        long start = System.nanoTime();
        LoadedData data = source.read();
        double cold = (System.nanoTime() - start) / 1e9;
        long peak = status("VmHWM");
        long dataBytes = (long) data.samples() * data.featureSize() * Float.BYTES;
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            data = null;
            System.gc();
            start = System.nanoTime();
            data = source.read();
            warm.add((System.nanoTime() - start) / 1e9);
        }
        warm.sort(null);
        double median = (warm.get(REPEATS / 2 - 1) + warm.get(REPEATS / 2)) / 2;
        System.out.printf(Locale.ROOT, "%s%n  first read (cold JVM) %.2f s, then median %.2f s (min %.2f, max %.2f) of %d; target < %.0f s%n",
                what, cold, median, warm.getFirst(), warm.getLast(), REPEATS, targetSeconds);
        System.out.printf(Locale.ROOT, "  %s%n  float32 block %s; peak RSS %s before the first read, %s after it (+%s, %.2fx the block)%n",
                data.describe(), mb(dataBytes), mb(rssBefore), mb(peak), mb(peak - rssBefore), (double) (peak - rssBefore) / dataBytes);
    }

    private static void writeCsv(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.US_ASCII)) {
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < CSV_FEATURES; j++) {
                line.append('f').append(j).append(',');
            }
            out.write(line.append("label\n").toString());
            for (int i = 0; i < CSV_ROWS; i++) {
                line.setLength(0);
                for (int j = 0; j < CSV_FEATURES; j++) {
                    // four decimals in (-100, 100): 6 to 9 characters a field, as exported data often has
                    long v = random.nextLong(-1_000_000, 1_000_000);
                    line.append(v < 0 ? "-" : "").append(Math.abs(v) / 10_000).append('.');
                    String frac = Long.toString(Math.abs(v) % 10_000);
                    line.append("0".repeat(4 - frac.length())).append(frac).append(',');
                }
                out.write(line.append(random.nextInt(CLASSES)).append('\n').toString());
            }
        }
        Files.move(partial, file);
    }

    private static void writeIdx(Path images, Path labels) throws IOException {
        SplittableRandom random = new SplittableRandom(2);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(images), 1 << 16)) {
            out.write(ByteBuffer.allocate(16).putInt(0x00000803).putInt(IDX_IMAGES).putInt(IDX_SIDE).putInt(IDX_SIDE).array());
            byte[] image = new byte[IDX_SIDE * IDX_SIDE];
            for (int i = 0; i < IDX_IMAGES; i++) {
                for (int p = 0; p < image.length; p++) {
                    image[p] = (byte) random.nextInt(256);
                }
                out.write(image);
            }
        }
        byte[] ids = new byte[IDX_IMAGES];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (byte) random.nextInt(CLASSES);
        }
        Files.write(labels, ByteBuffer.allocate(8 + ids.length).putInt(0x00000801).putInt(IDX_IMAGES).put(ids).array());
    }

    // Smooth colour gradients with noise, so the PNGs compress about as photos do, not as flat fills.
    private static void writePngs(Path root) throws IOException {
        IntStream.range(0, PNG_IMAGES).parallel().forEach(i -> {
            SplittableRandom random = new SplittableRandom(i);
            BufferedImage image = new BufferedImage(PNG_SIDE, PNG_SIDE, BufferedImage.TYPE_INT_RGB);
            int base = random.nextInt(1 << 24);
            for (int y = 0; y < PNG_SIDE; y++) {
                for (int x = 0; x < PNG_SIDE; x++) {
                    int r = ((base >> 16 & 0xFF) + 3 * x + random.nextInt(24)) & 0xFF;
                    int g = ((base >> 8 & 0xFF) + 3 * y + random.nextInt(24)) & 0xFF;
                    int b = ((base & 0xFF) + x + y + random.nextInt(24)) & 0xFF;
                    image.setRGB(x, y, r << 16 | g << 8 | b);
                }
            }
            try {
                Path file = root.resolve("class" + i % CLASSES).resolve(i + ".png");
                Files.createDirectories(file.getParent());
                ImageIO.write(image, "png", file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Files.writeString(root.resolve("done"), "");
    }

    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return -1;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
