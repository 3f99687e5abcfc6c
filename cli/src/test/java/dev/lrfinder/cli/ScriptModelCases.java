package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrfinder.task.TorchScriptFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code find --model FILE.pt} on one backend (a subclass per backend, each in a JVM of its own):
 * the user's TorchScript file on a built-in task and on their data, named with its parameter count
 * in the summary and report, every run from the file's weights, the file untouched; and every file
 * that cannot be swept refused with exit 2, one line naming it, nothing written.
 */
abstract class ScriptModelCases {
    static final String CLASSIFIER = TorchScriptFixtures.path(TorchScriptFixtures.CLASSIFIER).toString();
    static final String REGRESSOR = TorchScriptFixtures.path(TorchScriptFixtures.REGRESSOR).toString();
    /** The classifier's data: 8 features, 3 classes. */
    static final String[] BLOBS = {"--task", "blobs", "--dims", "8", "--classes", "3", "--samples", "512"};

    @TempDir
    Path dir;

    private final String backend;

    ScriptModelCases(String backend) {
        this.backend = backend;
    }

    private Cli.Run find(String... args) {
        List<String> all = new ArrayList<>(List.of("find", "--backend", backend));
        all.addAll(List.of(args));
        return Cli.lrfinder(all.toArray(String[]::new));
    }

    @Test
    void aTorchScriptFileIsSweptFromItsOwnWeightsAndNamedWithItsParameters() throws IOException {
        byte[] file = Files.readAllBytes(Path.of(CLASSIFIER));
        Path out = dir.resolve("out");
        Cli.Run run = find(concat(BLOBS, "--model", CLASSIFIER, "--optimizer", "sgd", "--steps", "40", "--runs", "2",
                "--out", out.toString()));
        assertEquals(0, run.code(), run.err());
        String model = "TorchScript classifier.pt (211 trainable parameters)";
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("blobs (") && l.endsWith(", " + model)), run.out());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertTrue(report.at("/task").asText().endsWith(", " + model), report.at("/task").asText());
        assertEquals(backend, report.at("/backend/chosen").asText());
        List<String> first = Files.readAllLines(out.resolve("run-1.csv"));
        List<String> second = Files.readAllLines(out.resolve("run-2.csv"));
        assertEquals(41, first.size());
        assertNotEquals(first, second, "runs differ by their batch order");
        assertArrayEquals(file, Files.readAllBytes(Path.of(CLASSIFIER)), "the file is only read");
    }

    /**
     * The acceptance line, {@code find --data X.csv --val-data V.csv --model m.pt}: a verified answer,
     * by fits of the file loaded afresh each time (the file only read), and one number on the screen
     * and in report.json.
     */
    @Test
    void aTorchScriptFileIsVerifiedOnYourValidationData() throws IOException {
        Path data = Files.writeString(dir.resolve("train.csv"), regressionCsv(200, 3));
        Path val = Files.writeString(dir.resolve("val.csv"), regressionCsv(64, 4));
        byte[] file = Files.readAllBytes(Path.of(REGRESSOR));
        Path out = dir.resolve("out");
        Cli.Run run = find("--data", data.toString(), "--val-data", val.toString(), "--label", "y", "--kind",
                "regression", "--model", REGRESSOR, "--steps", "30", "--runs", "1", "--batch-size", "16",
                "--train-steps", "40", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode v = report.at("/verification");
        double lr = report.at("/aggregate/recommendation/lr").asDouble();
        assertTrue(v.at("/verified").asBoolean(), v.toString());
        assertTrue(v.at("/validation").asText().contains("val.csv"), v.toString());
        assertEquals(v.at("/verifiedLr").asDouble(), lr);
        assertTrue(run.out().startsWith("Recommended learning rate: " + Summary.number(lr) + " "), run.out());
        assertTrue(v.at("/cost/steps").asInt() <= v.at("/cost/budgetSteps").asInt(), v.toString());
        assertArrayEquals(file, Files.readAllBytes(Path.of(REGRESSOR)), "the file is only read");
    }

    private static String regressionCsv(int rows, long seed) {
        StringBuilder csv = new StringBuilder("a,b,c,d,y\n");
        Random random = new Random(seed);
        for (int i = 0; i < rows; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            csv.append(String.format(Locale.ROOT, "%f,%f,%f,%f,%f%n", x[0], x[1], x[2], x[3], x[0] - 2 * x[2]));
        }
        return csv.toString();
    }

    @Test
    void aTorchScriptFileIsSweptOnYourData() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,c,d,y\n");
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            csv.append(String.format(Locale.ROOT, "%f,%f,%f,%f,%f%n", x[0], x[1], x[2], x[3], x[0] - 2 * x[2]));
        }
        Path data = Files.writeString(dir.resolve("table.csv"), csv);
        Path out = dir.resolve("out");
        Cli.Run run = find("--data", data.toString(), "--label", "y", "--kind", "regression", "--model", REGRESSOR,
                "--steps", "30", "--runs", "1", "--batch-size", "16", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("TorchScript regressor.pt (73 trainable parameters)"), run.out());
        assertTrue(Files.readAllLines(out.resolve("run-1.csv")).size() > 10, "a curve is recorded");
    }

    @Test
    void aMissingOrCorruptFileIsRefused() throws IOException {
        String missing = dir.resolve("missing.pt").toString();
        refused("--model = " + missing + ": must be a TorchScript file saved with torch.jit.save: there is no such file",
                concat(BLOBS, "--model", missing));
        byte[] noise = new byte[2048];
        new Random(5).nextBytes(noise);
        String corrupt = Files.write(dir.resolve("corrupt.pt"), noise).toString();
        refused("--model = " + corrupt + ": must be a TorchScript file saved with torch.jit.save (libtorch cannot load it:"
                + " PytorchStreamReader failed reading zip archive: failed finding central directory)",
                concat(BLOBS, "--model", corrupt));
        String stateDict = TorchScriptFixtures.path(TorchScriptFixtures.STATE_DICT).toString();
        refused("--model = " + stateDict + ": must be a TorchScript file saved with torch.jit.save: this is torch.save's"
                + " (a state_dict or an eager module); script or trace the model, then save it with torch.jit.save",
                concat(BLOBS, "--model", stateDict));
    }

    @Test
    void anOutputThatDoesNotFitTheDataOrTheLossNamesBothShapes() {
        refused("--model = " + CLASSIFIER + ": must be a model whose output fits the data: for a batch of 2 samples of"
                + " 8 features it returns 2 x 3, the loss needs 2 x 5 (batch x classes) for cross-entropy on 5 classes",
                "--task", "blobs", "--dims", "8", "--classes", "5", "--model", CLASSIFIER);
        refused("--model = " + CLASSIFIER + ": must be a model whose output fits the data: for a batch of 2 samples of"
                + " 8 features it returns 2 x 3, the loss needs 2 x 1 (or 2) for mean squared error on one target",
                "--task", "regression", "--dims", "8", "--model", CLASSIFIER);
        refused("--model = " + CLASSIFIER + ": must be a model that takes the data's samples: on a batch of 2 x 5"
                + " features its forward fails (mat1 and mat2 shapes cannot be multiplied (2x5 and 8x16))",
                "--task", "blobs", "--dims", "5", "--classes", "3", "--model", CLASSIFIER);
    }

    @Test
    void aModelWithNothingToTrainOrSavedForCudaIsRefused() {
        String frozen = TorchScriptFixtures.path(TorchScriptFixtures.FROZEN).toString();
        refused("--model = " + frozen + ": must be a model with trainable parameters: every parameter has requires_grad False",
                concat(BLOBS, "--model", frozen));
        String cuda = TorchScriptFixtures.path(TorchScriptFixtures.CUDA).toString();
        refused("--model = " + cuda + ": must be a model saved for the CPU: its tensors are on CUDA, which this libtorch"
                + " lacks (save it after model.cpu(), or run on a GPU with --device cuda): PyTorch is not linked with"
                + " support for cuda devices", "--task", "regression", "--dims", "4", "--model", cuda);
    }

    @Test
    void optionsThatShapeABuiltInModelAreRefusedWithAFile() {
        refused("--widths = [16]: must be absent with --model " + CLASSIFIER
                + " (it shapes a built-in model; yours has its own)", concat(BLOBS, "--model", CLASSIFIER, "--widths", "16"));
    }

    /** Exit 2, the line, a hint at most, nothing written. */
    private void refused(String expected, String... args) {
        Path out = dir.resolve("refused");
        Cli.Run run = find(concat(args, "--runs", "1", "--steps", "10", "--out", out.toString()));
        assertEquals(2, run.code(), run.out() + run.err());
        assertEquals("lrfinder: " + expected, run.firstErrLine());
        assertTrue(run.err().lines().count() <= 2, "one line and a hint, no stack trace: " + run.err());
        assertFalse(Files.exists(out), "nothing is written");
        assertEquals("", run.out());
    }

    static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
