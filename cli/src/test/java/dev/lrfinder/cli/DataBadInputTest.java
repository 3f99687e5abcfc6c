package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.data.Fixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every malformed data file and every data option out of place: exit 2, one line naming the file
 * (and where in it) or the option, and nothing written. All of it is found before any sweep, so no
 * libtorch is loaded here.
 */
class DataBadInputTest {
    @TempDir
    Path dir;

    /** Runs find with {@code args} and checks the one-line refusal: exit 2, the line, no folder. */
    private void refused(String expected, String... args) {
        Path out = dir.resolve("out");
        List<String> all = new ArrayList<>(List.of("find", "--runs", "1", "--steps", "10", "--out", out.toString()));
        all.addAll(List.of(args));
        Cli.Run run = Cli.lrfinder(all.toArray(String[]::new));
        assertEquals(2, run.code(), run.out() + run.err());
        assertEquals("lrfinder: " + expected, run.firstErrLine());
        assertTrue(run.err().lines().count() <= 2, "one line and a hint, no stack trace: " + run.err());
        assertFalse(Files.exists(out), "nothing is written");
        assertEquals("", run.out());
    }

    private String file(String name, String text) {
        return DataFiles.write(dir.resolve(name), text).toString();
    }

    private String file(String name, byte[] bytes) {
        return DataFiles.write(dir.resolve(name), bytes).toString();
    }

    @Test
    void malformedCsvFilesNameTheLineAndColumn() {
        String ragged = file("ragged.csv", "a,b,label\n1,2,x\n3,4\n");
        refused(ragged + " line 3: 2 fields, but the header has 3", "--data", ragged);
        String text = file("text.csv", "a,b,label\n1,2,x\n3,abc,y\n");
        refused(text + " line 3, column 'b': 'abc' is not a number", "--data", text);
        String labelled = file("labelled.csv", "a,b,kind\n1,2,x\n3,4,y\n");
        refused(labelled + " line 1: no column 'species' for the label; the columns are a, b, kind",
                "--data", labelled, "--label", "species");
    }

    @Test
    void aClassWithOneExampleCannotBeSplitStratified() {
        String csv = file("lonely.csv", "a,label\n1,x\n2,x\n3,x\n4,y\n");
        refused("--val-split = 0.5: must be a split the data allows: class 'y' of " + csv
                + " has 1 example, and a stratified split needs 2 or more of every class", "--data", csv, "--val-split", "0.5");
    }

    @Test
    void numpyArraysOfAnOrderOrTypeThatIsNotReadAreNamed() {
        String y = file("y.npy", Fixtures.npy("<i8", false, new long[] {4}, DataFiles.longs(new long[] {0, 1, 0, 1})));
        String fortran = file("f.npy", Fixtures.npy("<f4", true, new long[] {4, 2}, new byte[32]));
        refused(fortran + ": Fortran order is not supported: must be C order (save numpy.ascontiguousarray(a))",
                "--data", fortran, "--labels", y);
        String complex = file("c.npy", Fixtures.npy("<c8", false, new long[] {4, 2}, new byte[64]));
        assertRefusedStartsWith(complex + ": ", "--data", complex, "--labels", y);
    }

    @Test
    void idxFilesWithAWrongMagicOrSizeAreNamed() {
        String labels = file("l-idx1-ubyte", Fixtures.idx(0x08, new int[] {4}, new byte[4]));
        byte[] badMagic = Fixtures.idx(0x08, new int[] {4, 2, 2}, new byte[16]);
        badMagic[0] = 7;
        String magic = file("m-idx3-ubyte", badMagic);
        refused(magic + ": magic 0x07000803 is not an IDX header (00 00, a type code, the number of dimensions)",
                "--data", magic, "--labels", labels);
        String five = file("five-idx3-ubyte", Fixtures.idx(0x08, new int[] {5, 2, 2}, new byte[20]));
        refused(labels + ": 4 labels, but " + five + " has 5 images", "--data", five, "--labels", labels);
    }

    @Test
    void imageFoldersWithBadImagesOrEmptyClassesAreNamed() throws IOException {
        Path broken = dir.resolve("broken");
        DataFiles.save(broken.resolve("a").resolve("1.png"), new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB));
        Path garbage = DataFiles.write(broken.resolve("b").resolve("2.png"), "not a png");
        assertRefusedStartsWith(garbage.toString(), "--data", broken.toString(), "--image-size", "4");

        Path mixed = dir.resolve("mixed");
        DataFiles.save(mixed.resolve("a").resolve("1.png"), new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB));
        DataFiles.save(mixed.resolve("b").resolve("2.png"), new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY));
        assertRefusedStartsWith(mixed.toString(), "--data", mixed.toString(), "--image-size", "4");
        assertTrue(firstLine("--data", mixed.toString(), "--image-size", "4").contains("channel"),
                firstLine("--data", mixed.toString(), "--image-size", "4"));

        Path empty = dir.resolve("empty");
        DataFiles.save(empty.resolve("a").resolve("1.png"), new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB));
        Files.createDirectories(empty.resolve("b"));
        assertRefusedStartsWith(empty.resolve("b").toString(), "--data", empty.toString(), "--image-size", "4");
    }

    @Test
    void aMissingOrSurplusLabelsFileIsAskedForByTheOptionOfItsPair() {
        String y = file("y.npy", Fixtures.npy("<i8", false, new long[] {4}, DataFiles.longs(new long[] {0, 1, 0, 1})));
        String x = file("x.npy", Fixtures.npy("<f4", false, new long[] {4, 2}, new byte[32]));
        String valX = file("val-x.npy", Fixtures.npy("<f4", false, new long[] {4, 2}, new byte[32]));
        refused("--labels: must be given: --data " + x + " is npy data, whose labels are in a file of their own",
                "--data", x);
        refused("--val-labels: must be given: --val-data " + valX + " is npy data, whose labels are in a file of their own",
                "--data", x, "--labels", y, "--val-data", valX);
        String images = file("val-idx3-ubyte", Fixtures.idx(0x08, new int[] {4, 2, 2}, new byte[16]));
        refused("--val-labels: must be given: --val-data " + images + " is idx data, whose labels are in a file of their own",
                "--data", x, "--labels", y, "--val-data", images);
        String csv = DataFiles.csv(dir.resolve("val.csv")).toString();
        refused("--val-labels = " + y + ": must be absent for csv data (--val-data " + csv
                + "), which holds its labels itself", "--data", csv, "--val-data", csv, "--val-labels", y);
    }

    @Test
    void anUnknownExtensionListsTheFormats() {
        String notes = file("notes.txt", "1,2,3\n");
        refused("--data = " + notes + ": must be a file of a known format (csv: .csv, .csv.gz; tsv: .tsv, .tab, .tsv.gz;"
                + " npz: .npz; npy: .npy (with a labels .npy); idx: -idx3-ubyte, .idx (with a labels idx1-ubyte),"
                + " optionally .gz; images: a folder of class folders); name the format with data-format when the"
                + " extension does not say it", "--data", notes);
        String csv = file("table.txt", "a,label\n1,x\n2,y\n3,x\n");
        Cli.Run forced = Cli.lrfinder("find", "--data", csv, "--data-format", "csv", "--runs", "1", "--steps", "10",
                "--batch-size", "2", "--out", dir.resolve("forced").toString());
        assertEquals(0, forced.code(), forced.err());
    }

    @Test
    void optionsOutOfPlaceAreNamed() {
        String csv = DataFiles.csv(dir.resolve("train.csv")).toString();
        refused("--model = cnn: must be mlp for samples of 2 features: cnn takes images of channels x height x width",
                "--data", csv, "--features", "length,width", "--model", "cnn");
        refused("--data = " + csv + " and --task = blobs: must be one or the other (--data sweeps your data instead of a"
                + " built-in task)", "--data", csv, "--task", "blobs");
        refused("--val-loss = true: must be false without validation data (a validation split or file)",
                "--data", csv, "--features", "length,width", "--val-loss");
        refused("--label = species: must be given with --data (it is about the user's data; built-in tasks take --task)",
                "--label", "species");
        refused("--flips = true: must be off for samples of 2 features (image augmentation needs images, channels x height"
                + " x width)", "--data", csv, "--features", "length,width", "--flips");
        refused("--samples = 100: must be absent with --data (it shapes a built-in task; the data have their own)",
                "--data", csv, "--samples", "100");
        refused("--curve = val: must be train without --val-loss (no validation loss is recorded)",
                "--data", csv, "--curve", "val");
        refused("--val-batches = 3: must be in [0, 2]: the validation data's 30 samples make 2 batches of 16 (0 is all"
                + " of them)", "--data", csv, "--features", "length,width", "--val-split", "0.25", "--val-loss",
                "--val-batches", "3", "--batch-size", "16");
        refused("--batch-size = 500: must be at most the training data's 120 samples",
                "--data", csv, "--features", "length,width", "--batch-size", "500");
        refused("--image-size = 8: must be absent: it is only for a folder of images", "--data", csv, "--image-size", "8");
    }

    private void assertRefusedStartsWith(String prefix, String... args) {
        String line = firstLine(args);
        assertTrue(line.startsWith("lrfinder: " + prefix), line);
    }

    private String firstLine(String... args) {
        Path out = dir.resolve("out");
        List<String> all = new ArrayList<>(List.of("find", "--runs", "1", "--steps", "10", "--out", out.toString()));
        all.addAll(List.of(args));
        Cli.Run run = Cli.lrfinder(all.toArray(String[]::new));
        assertEquals(2, run.code(), run.err());
        assertFalse(Files.exists(out), "nothing is written");
        return run.firstErrLine();
    }
}
