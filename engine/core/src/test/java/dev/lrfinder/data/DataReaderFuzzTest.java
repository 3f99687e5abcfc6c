package dev.lrfinder.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzz of every data reader: valid CSV, NPY, NPZ, IDX (plain and gzipped) and image-folder
 * inputs, cut short, with bytes flipped, inserted or dropped, and with their headers spoiled. Each
 * read either succeeds or is a user error, an {@link IllegalArgumentException} of one line that
 * names the file and holds no Java class name (the command line's exit 2); never another exception.
 * The same seed makes the same inputs, so a failure here repeats.
 */
class DataReaderFuzzTest {
    /** Mutants per valid input: a few seconds for all of them. */
    private static final int MUTANTS = 40;
    private static final Pattern JAVA_NAME = Pattern.compile("[A-Z][A-Za-z]*(Exception|Error)\\b|java\\.|\\bat [a-z]+\\.");

    @TempDir
    Path dir;

    private final Random random = new Random(20261207);
    private int files;

    @Test
    void csvFilesGzippedOrNot() {
        byte[] csv = """
                length,width,"colour, name",kind
                1.5,2,red,cat
                2.5,3e-1,"blue, dark",dog
                3,4,green,cat
                -4,5.25,red,eel
                """.getBytes(StandardCharsets.UTF_8);
        fuzz("csv", csv, file -> Datasets.csv(file).read());
        fuzz("csv.gz", Fixtures.gzip(csv), file -> Datasets.csv(file).read());
    }

    @Test
    void npyPairsAndNpzArchives() {
        byte[] x = Fixtures.npy("<f4", false, new long[] {4, 3}, Fixtures.floats32(ByteOrder.LITTLE_ENDIAN,
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
        byte[] y = Fixtures.npy("<i8", false, new long[] {4}, Fixtures.longs64(ByteOrder.LITTLE_ENDIAN, 0, 1, 0, 2));
        Path labels = Fixtures.write(dir.resolve("labels.npy"), y);
        Path features = Fixtures.write(dir.resolve("features.npy"), x);
        fuzz("npy", x, file -> Datasets.numpy(file, labels).read());
        fuzz("npy", y, file -> Datasets.numpy(features, file).read());
        for (boolean compressed : new boolean[] {false, true}) {
            Path npz = dir.resolve("valid.npz");
            Fixtures.npz(npz, compressed, new String[] {"x", "y"}, new byte[][] {x, y});
            fuzz("npz", read(npz), file -> Datasets.numpy(file).read());
        }
    }

    @Test
    void idxImagesAndLabelsGzippedOrNot() {
        byte[] pixels = new byte[4 * 3 * 3];
        random.nextBytes(pixels);
        byte[] images = Fixtures.idx(0x08, new int[] {4, 3, 3}, pixels);
        byte[] ids = Fixtures.idx(0x08, new int[] {4}, new byte[] {0, 1, 2, 1});
        Path labels = Fixtures.write(dir.resolve("l-idx1-ubyte"), ids);
        Path plain = Fixtures.write(dir.resolve("i-idx3-ubyte"), images);
        fuzz("idx3-ubyte", images, file -> Datasets.idx(file, labels).read());
        fuzz("idx3-ubyte.gz", Fixtures.gzip(images), file -> Datasets.idx(file, labels).read());
        fuzz("idx1-ubyte", ids, file -> Datasets.idx(plain, file).read());
    }

    @Test
    void imageFolders() {
        Path folder = dir.resolve("images");
        for (String label : List.of("ant", "bee")) {
            for (int i = 0; i < 2; i++) {
                int colour = random.nextInt(0x1000000);
                Fixtures.image(folder.resolve(label).resolve(i + ".png"), "png", 5, 4, Fixtures.solid(colour));
            }
        }
        Path victim = folder.resolve("bee").resolve("1.png");
        byte[] png = read(victim);
        for (int i = 0; i < MUTANTS; i++) {
            byte[] mutant = mutate(png);
            Fixtures.write(victim, mutant);
            check("image folder, bee/1.png " + describe(mutant, png),
                    () -> Datasets.imageFolder(folder).setImageSize(4).read());
        }
    }

    /** Reads {@link #MUTANTS} mutants of {@code valid}, each as a file of its own ending in {@code .extension}. */
    private void fuzz(String extension, byte[] valid, Function<Path, LoadedData> reader) {
        check("the valid " + extension, () -> reader.apply(Fixtures.write(dir.resolve("ok-" + files++ + "." + extension), valid)));
        for (int i = 0; i < MUTANTS; i++) {
            byte[] mutant = mutate(valid);
            Path file = Fixtures.write(dir.resolve("m" + files++ + (extension.contains("idx") ? "-" : ".") + extension), mutant);
            check(file.getFileName() + " " + describe(mutant, valid), () -> reader.apply(file));
        }
    }

    /** The read succeeds or says in one line of words what is wrong, naming the file (all are in {@link #dir}). */
    private void check(String what, Supplier<LoadedData> read) {
        try {
            LoadedData data = read.get();
            assertTrue(data.samples() > 0, what);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            assertFalse(message == null || message.isBlank(), what + ": an empty message");
            assertEquals(1, message.lines().count(), what + ": one line: " + message);
            assertFalse(JAVA_NAME.matcher(message).find(), what + ": words, not Java's names: " + message);
            assertTrue(message.contains(dir.toString()), what + ": names the file: " + message);
        } catch (RuntimeException | Error e) {
            fail(what + ": " + e, e);
        }
    }

    private byte[] mutate(byte[] valid) {
        byte[] b = valid.clone();
        switch (random.nextInt(6)) {
            case 0 -> { // cut short
                return Arrays.copyOf(b, random.nextInt(b.length));
            }
            case 1 -> { // a few bytes flipped
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                }
                return b;
            }
            case 2 -> { // the header spoiled: the first bytes overwritten
                int n = Math.min(b.length, 1 + random.nextInt(16));
                for (int k = 0; k < n; k++) {
                    b[random.nextInt(Math.min(b.length, 64))] = (byte) random.nextInt(256);
                }
                return b;
            }
            case 3 -> { // bytes inserted
                int at = random.nextInt(b.length + 1);
                byte[] extra = new byte[1 + random.nextInt(8)];
                random.nextBytes(extra);
                byte[] out = new byte[b.length + extra.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(b, at, out, at + extra.length, b.length - at);
                return out;
            }
            case 4 -> { // bytes dropped from the middle
                int at = random.nextInt(b.length);
                int n = Math.min(b.length - at, 1 + random.nextInt(8));
                byte[] out = new byte[b.length - n];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + n, out, at, b.length - at - n);
                return out;
            }
            default -> { // a size or count in the header made huge or zero
                int at = random.nextInt(Math.min(b.length, 48));
                byte value = random.nextBoolean() ? (byte) 0x7F : 0;
                for (int k = at; k < Math.min(b.length, at + 4); k++) {
                    b[k] = value;
                }
                return b;
            }
        }
    }

    private static String describe(byte[] mutant, byte[] valid) {
        return "(" + mutant.length + " of " + valid.length + " bytes)";
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
