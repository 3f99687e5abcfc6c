package dev.lrfinder.data;

import static dev.lrfinder.data.CsvSourceTest.all;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {
    @TempDir
    Path dir;

    /** Two classes of solid 8x8 images: ant red-ish, bee blue-ish, with a per-image brightness step. */
    private Path twoClasses(Path root, int perClass) {
        for (int i = 0; i < perClass; i++) {
            Fixtures.image(root.resolve("bee/" + i + ".png"), "png", 8, 8, Fixtures.solid((10 * i) << 8 | 200));
            Fixtures.image(root.resolve("ant/" + i + ".png"), "png", 8, 8, Fixtures.solid(200 << 16 | (10 * i) << 8));
        }
        return root;
    }

    @Test
    void classFoldersAreSortedClassesAndPixelsAreChannelPlanesInUnitRange() {
        Path root = twoClasses(dir.resolve("pics"), 3);
        Fixtures.write(root.resolve("ant/notes.txt"), "not an image, ignored");
        LoadedData data = Datasets.imageFolder(root).setImageSize(8).read();
        assertEquals(List.of("ant", "bee"), data.schema().classNames());
        assertArrayEquals(new long[] {3, 8, 8}, data.schema().sampleShape());
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1}, data.targets());
        float[] row = new float[data.featureSize()];
        data.row(4, row, 0); // bee/1.png: rgb (0, 10, 200)
        assertEquals(0, row[0]);
        assertEquals(10 / 255f, row[64], 1e-7);
        assertEquals(200 / 255f, row[128], 1e-7);
    }

    @Test
    void resizingAveragesWhenShrinkingAndCropsTheCentre() {
        Path root = dir.resolve("stripes");
        // 16 wide, 8 high, alternating black and white columns: the shorter side 8 becomes 4 and the
        // width 8, of which the centre 4 are kept; a 2x shrink must average each pair, not pick one.
        Fixtures.greyImage(root.resolve("a/s.png"), 16, 8, (x, y) -> x % 2 == 0 ? 0 : 255);
        Fixtures.greyImage(root.resolve("b/s.png"), 16, 8, (x, y) -> 128);
        LoadedData data = Datasets.imageFolder(root).setImageSize(4).read();
        assertArrayEquals(new long[] {1, 4, 4}, data.schema().sampleShape());
        float[] f = all(data);
        for (int i = 0; i < 16; i++) {
            assertEquals(0.5f, f[i], 1e-6, "stripes pixel " + i);
            assertEquals(128 / 255f, f[16 + i], 1e-6, "a flat image stays flat");
        }
    }

    @Test
    void theCentreOfALongImageIsKept() {
        Path root = dir.resolve("long");
        // 24 x 8: three 8-wide thirds, red, green, blue; size 8 keeps the green third exactly.
        Fixtures.image(root.resolve("a/x.png"), "png", 24, 8, (x, y) -> x < 8 ? 0xFF0000 : x < 16 ? 0x00FF00 : 0x0000FF);
        Fixtures.image(root.resolve("b/x.bmp"), "bmp", 8, 8, Fixtures.solid(0x00FF00));
        LoadedData data = Datasets.imageFolder(root).setImageSize(8).read();
        float[] f = all(data);
        for (int i = 0; i < 64; i++) {
            assertEquals(0, f[i], 1e-6);
            assertEquals(1, f[64 + i], 1e-6);
            assertEquals(0, f[128 + i], 1e-6);
        }
        assertArrayEquals(Arrays.copyOfRange(f, 0, 192), Arrays.copyOfRange(f, 192, 384), "the BMP reads the same");
    }

    @Test
    void jpegsAreRead() {
        Path root = dir.resolve("jpg");
        Fixtures.image(root.resolve("a/x.jpg"), "jpg", 16, 16, Fixtures.solid(0x808080));
        Fixtures.image(root.resolve("b/y.JPEG"), "jpg", 16, 16, Fixtures.solid(0x202020));
        LoadedData data = Datasets.imageFolder(root).setImageSize(16).read();
        assertEquals(2, data.samples());
        assertEquals(128 / 255f, all(data)[0], 0.02);
    }

    @Test
    void decodingOnManyThreadsGivesTheSameData() {
        Path root = twoClasses(dir.resolve("pics"), 6);
        LoadedData one = Datasets.imageFolder(root).setImageSize(4).optThreads(1).read();
        LoadedData many = Datasets.imageFolder(root).setImageSize(4).optThreads(3).read();
        assertArrayEquals(all(one), all(many));
        assertArrayEquals(one.targets(), many.targets());
    }

    @Test
    void loadNormalisesEachChannelWithTheTrainingSplitsOwnStatistics() {
        Path root = twoClasses(dir.resolve("pics"), 5);
        DataSplit split = Datasets.imageFolder(root).setImageSize(8).optValidationSplit(0.2).load();
        FeatureStats measured = FeatureStats.perChannel(split.train());
        for (int c = 0; c < 3; c++) {
            assertEquals(0, measured.mean()[c], 1e-5);
            assertEquals(1, measured.std()[c], 1e-4);
        }
        assertEquals(3, split.train().scaling().orElseThrow().groups());
        assertTrue(split.describe().get(2).startsWith("normalised: mean ("), split.describe().toString());
    }

    @Test
    void givenMeanAndStdAreUsedAsTheyAre() {
        Path root = twoClasses(dir.resolve("pics"), 2);
        LoadedData raw = Datasets.imageFolder(root).setImageSize(8).read();
        LoadedData norm = Datasets.imageFolder(root).setImageSize(8).optMean(0.5).optStd(0.25, 0.5, 1).load().train();
        float[] r = all(raw);
        float[] n = all(norm);
        double[] std = {0.25, 0.5, 1};
        for (int i = 0; i < r.length; i++) {
            assertEquals((r[i] - 0.5) / std[(i / 64) % 3], n[i], 1e-6);
        }
    }

    @Test
    void standardizingNormalisedImagesRecordsBothStepsAsOneScaling() {
        Path root = twoClasses(dir.resolve("pics"), 4);
        LoadedData raw = Datasets.imageFolder(root).setImageSize(8).read();
        LoadedData both = Datasets.imageFolder(root).setImageSize(8).optMean(0.5).optStd(0.2).optStandardize(true).load().train();
        FeatureStats scaling = both.scaling().orElseThrow();
        float[] r = all(raw);
        float[] b = all(both);
        for (int i = 0; i < r.length; i++) {
            int e = i % raw.featureSize();
            assertEquals(b[i], scaling.normalised(r[i], e), 1e-4, "element " + i);
            assertEquals(r[i], scaling.raw(b[i], e), 1e-5, "element " + i);
        }
    }

    @Test
    void anUnreadableImageIsNamed() throws Exception {
        Path root = twoClasses(dir.resolve("pics"), 2);
        Path junk = Fixtures.write(root.resolve("bee/junk.png"), "this is not a PNG");
        assertEquals(junk + ": not an image ImageIO can read (PNG, JPEG or BMP)", message(root));

        Files.delete(junk);
        byte[] png = Files.readAllBytes(root.resolve("ant/0.png"));
        Path cut = Fixtures.write(root.resolve("bee/cut.png"), Arrays.copyOf(png, 40));
        assertTrue(message(root).startsWith(cut + ": unreadable image ("), message(root));
    }

    @Test
    void mixedChannelCountsAreRefused() {
        Path root = twoClasses(dir.resolve("pics"), 2);
        Path grey = Fixtures.greyImage(root.resolve("bee/grey.png"), 8, 8, (x, y) -> 9);
        assertEquals(grey + ": 1 colour channel, but " + root.resolve("ant/0.png") + " has 3: every image must have the same"
                + " channels (convert them to one mode first)", message(root));
    }

    @Test
    void emptyClassFoldersAndMissingClassFoldersAreRefused() throws Exception {
        Path root = twoClasses(dir.resolve("pics"), 1);
        Files.createDirectories(root.resolve("cow"));
        assertEquals(root.resolve("cow") + ": no PNG, JPEG or BMP images in the class folder", message(root));

        Path flat = dir.resolve("flat");
        Fixtures.image(flat.resolve("a.png"), "png", 4, 4, Fixtures.solid(0));
        assertEquals(flat + ": no class folders: images go in " + flat + "/<class>/<image>.png (torchvision's ImageFolder layout)",
                message(flat));

        Path single = dir.resolve("single");
        Fixtures.image(single.resolve("only/a.png"), "png", 4, 4, Fixtures.solid(0));
        assertEquals(single + ": only the class folder 'only': classification needs 2 or more classes", message(single));
        assertEquals(dir.resolve("nope") + ": no such folder", message(dir.resolve("nope")));
    }

    @Test
    void theImageSizeIsRequired() {
        Path root = twoClasses(dir.resolve("pics"), 1);
        String m = assertThrows(IllegalArgumentException.class, () -> Datasets.imageFolder(root).read()).getMessage();
        assertEquals("imageSize = unset: must be the side of the square images in pixels, 1 to 4096", m);
    }

    private static String message(Path root) {
        String m = assertThrows(DataFileException.class, () -> Datasets.imageFolder(root).setImageSize(8).read()).getMessage();
        assertFalse(m.contains("\n"), m);
        return m;
    }
}
