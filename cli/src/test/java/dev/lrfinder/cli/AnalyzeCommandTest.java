package dev.lrfinder.cli;

import static dev.lrfinder.cli.Cli.curve;
import static dev.lrfinder.cli.Cli.lrfinder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrfinder.analysis.Compat;
import dev.lrfinder.analysis.Suggestion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code lrfinder analyze} on curves from each tool, and on every kind of bad file. */
class AnalyzeCommandTest {
    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonNode report(Path out) throws IOException {
        return JSON.readTree(out.resolve("report.json").toFile());
    }

    @ParameterizedTest
    @CsvSource({"lightning-results.json, 60", "torch-lr-finder-history.json, 60", "fastai-recorder.csv, 61",
        "keras-style.csv, 60"})
    void aCurveFromEachToolIsAnalyzed(String fixture, int points) throws IOException {
        Path out = dir.resolve("out");
        Cli.Run run = lrfinder("analyze", curve(fixture).toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("1 curve from "), run.out());
        assertTrue(run.out().contains("Recommended learning rate: "), run.out());
        assertTrue(run.out().contains("The curve is flat up to lr "), run.out());
        JsonNode report = report(out);
        assertEquals("analyze", report.at("/command").asText());
        assertEquals(1, report.at("/runs").size());
        assertEquals(points, report.at("/runs/0/curve/lr").size(), "every point of the file");
        assertTrue(report.at("/runs/0/suggestions/valley/lr").isNumber(), report.at("/runs/0/suggestions").toString());
        assertTrue(report.at("/runs/0/seed").isNull());
        assertTrue(Files.isRegularFile(out.resolve("plot.png")));
    }

    @Test
    void severalFilesAreSeveralRunsAndLrfindersOwnFilesReadBack() throws IOException {
        Path first = dir.resolve("first");
        Cli.Run run = lrfinder("analyze", curve("lightning-results.json").toString(), curve("fastai-recorder.csv").toString(),
                curve("keras-style.csv").toString(), "--out", first.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("geometric mean of 3 runs"), run.out());
        JsonNode original = report(first);
        assertEquals(3, original.at("/runs").size());

        for (String own : List.of("report.json", "curves.csv")) {
            Path again = dir.resolve("again-" + own);
            Cli.Run back = lrfinder("analyze", first.resolve(own).toString(), "--out", again.toString());
            assertEquals(0, back.code(), back.err());
            JsonNode copy = report(again);
            assertEquals(3, copy.at("/runs").size(), own);
            for (int r = 0; r < 3; r++) {
                assertEquals(original.at("/runs/" + r + "/suggestions/valley/lr").asDouble(),
                        copy.at("/runs/" + r + "/suggestions/valley/lr").asDouble(), own + " run " + (r + 1));
            }
            assertEquals(original.at("/aggregate/recommendation/lr").asDouble(),
                    copy.at("/aggregate/recommendation/lr").asDouble(), own);
        }
    }

    @ParameterizedTest
    @CsvSource({"fastai, valley", "lightning, steepest", "torch-lr-finder, steepest"})
    void compatGivesTheToolsOwnAnswer(String tool, String defaultMethod) throws IOException {
        Path out = dir.resolve(tool);
        Path file = curve("torch-lr-finder-history.json");
        Cli.Run run = lrfinder("analyze", "--compat", tool, "--steps", "60", file.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains(tool + "'s own pipeline"), run.out());
        JsonNode report = report(out);
        assertEquals(tool, report.at("/analysis/pipeline").asText());
        assertTrue(report.at("/analysis/smoothing").isNull());
        assertEquals(defaultMethod, report.at("/aggregate/recommendation/method").asText());

        JsonNode history = JSON.readTree(Files.readString(file).replace("NaN", "null"));
        double[] lrs = new double[history.get("lr").size()];
        double[] losses = new double[lrs.length];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = history.get("lr").get(i).asDouble();
            losses[i] = history.get("loss").get(i).isNull() ? Double.NaN : history.get("loss").get(i).asDouble();
        }
        Suggestion expected = Compat.byName(tool).analyze(lrs, losses, 60).defaultSuggestion();
        assertTrue(expected.isPresent(), expected.reason());
        assertEquals(expected.lr(), report.at("/runs/0/suggestions/" + defaultMethod + "/lr").asDouble(), 0.0,
                "the CLI gives the engine's " + tool + " answer");
        List<String> methods = new ArrayList<>();
        report.at("/runs/0/suggestions").fieldNames().forEachRemaining(methods::add);
        assertEquals(tool.equals("fastai") ? List.of("minimum", "steep", "valley", "slide") : List.of("steepest"), methods);
    }

    @Test
    void compatDoesNotMixWithOurSmoothingOrAnUnknownTool() {
        Cli.Run mixed = lrfinder("analyze", "--compat", "fastai", "--smoothing", "robust", curve("fastai-recorder.csv").toString());
        assertEquals(2, mixed.code());
        assertEquals("lrfinder: --smoothing cannot be combined with --compat fastai, which reads the curve with fastai's own"
                + " smoothing and rules", mixed.firstErrLine());
        Cli.Run unknown = lrfinder("analyze", "--compat", "keras", curve("fastai-recorder.csv").toString());
        assertEquals(2, unknown.code());
        assertEquals("lrfinder: --compat = keras: must be one of fastai, lightning, torch-lr-finder", unknown.firstErrLine());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "missing.csv        | : no such file",
        "empty.csv          | : is empty",
        "header-only.csv    | : has a header but no rows",
        "no-lr-column.csv   | : the header 'step,learning_rate,loss' has no 'lr' column; expected CSV with columns lr and loss (others ignored)",
        "ragged.csv         | line 3: 1 field, the header has 2",
        "not-a-number.csv   | line 3: loss = 'abc' is not a number",
        "truncated.json     | : not valid JSON (",
        "no-arrays.json     | : JSON without 'lr' and 'loss' arrays (expected Lightning's lr_finder.results, torch-lr-finder's history or lrfinder's report.json); its keys: history",
        "decreasing-lr.csv  | : lrs[2] = 0.005: must be greater than lrs[1] = 0.01 (learning rates must be strictly increasing)",
    })
    void aBadFileIsOneLineNamingItExitTwoAndNothingWritten(String name, String problem) throws IOException {
        Path file = name.equals("missing.csv") ? dir.resolve(name) : curve(name);
        Path out = dir.resolve("never");
        Cli.Run run = lrfinder("analyze", curve("fastai-recorder.csv").toString(), file.toString(), "--out", out.toString());
        assertEquals(2, run.code(), run.err());
        String expected = "lrfinder: " + file + (problem.startsWith("line") ? " " : "") + problem;
        assertTrue(run.firstErrLine().startsWith(expected), "expected <" + expected + "> got <" + run.firstErrLine() + ">");
        assertTrue(run.err().contains("Try 'lrfinder analyze --help'"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertEquals("", run.out());
        assertFalse(Files.exists(out), "no output folder for bad input");
    }

    @Test
    void aFolderIsNotACurveFile() {
        Cli.Run run = lrfinder("analyze", dir.toString());
        assertEquals(2, run.code());
        assertEquals("lrfinder: " + dir + ": is a folder, not a curve file", run.firstErrLine());
    }

    @Test
    void noFileIsBadUsage() {
        Cli.Run run = lrfinder("analyze");
        assertEquals(2, run.code());
        assertTrue(run.firstErrLine().startsWith("lrfinder: Missing required parameter: 'FILE'"), run.err());
    }

    @Test
    void aCurveWithNoSuggestionAtAllExitsThree() throws IOException {
        Path out = dir.resolve("rising");
        Cli.Run run = lrfinder("analyze", curve("rising.csv").toString(), "--out", out.toString());
        assertEquals(3, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("No recommended learning rate: divergence gave no answer"), run.out());
        assertTrue(Files.isRegularFile(out.resolve("report.json")), "the report says why");
        assertTrue(report(out).at("/aggregate/recommendation/lr").isNull());
    }
}
