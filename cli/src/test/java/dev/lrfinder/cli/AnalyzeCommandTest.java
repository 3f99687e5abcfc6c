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
import dev.lrfinder.plot.CurvePlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
    @CsvSource({"lightning-results.json, 60, lightning", "torch-lr-finder-history.json, 60, torch-lr-finder",
        "fastai-recorder.csv, 61, fastai", "keras-style.csv, 60, raw"})
    void aCurveFromEachToolIsAnalyzed(String fixture, int points, String losses) throws IOException {
        Path out = dir.resolve("out");
        Cli.Run run = lrfinder("analyze", curve(fixture).toString(), "--losses", losses, "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("Recommended learning rate: "), "the answer first: " + run.out());
        assertTrue(run.out().contains("\n1 curve from "), run.out());
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
        Cli.Run run = lrfinder("analyze", "--losses", "raw", curve("lightning-results.json").toString(),
                curve("fastai-recorder.csv").toString(), curve("keras-style.csv").toString(), "--out", first.toString());
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
        // A JSON {lr, loss} holds the tool's recorded (smoothed) losses: read as the tool reads them.
        Suggestion expected = Compat.byName(tool).analyzeRecorded(lrs, losses, 60).defaultSuggestion();
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
                + " smoothing, stop and rules", mixed.firstErrLine());
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
        assertTrue(flat(run.out()).contains("No recommended learning rate: no method gave an answer in any run ("
                + dev.lrfinder.analysis.AnalysisOptions.defaults().defaultMethod().id() + ", run 1: "), run.out());
        assertFalse(run.out().contains("--lr-max to at least"), "a loss that never falls needs a lower start, not a longer sweep");
        assertTrue(Files.isRegularFile(out.resolve("report.json")), "the report says why");
        assertTrue(report(out).at("/aggregate/recommendation/lr").isNull());
    }

    /** The text with its line breaks as spaces: the summary wraps long sentences. */
    private static String flat(String text) {
        return text.replaceAll("\\s+", " ");
    }

    /** A CSV of {@code lr,loss} rows. */
    private Path csv(String name, double[] lrs, double[] losses) throws IOException {
        StringBuilder text = new StringBuilder("lr,loss\n");
        for (int i = 0; i < lrs.length; i++) {
            text.append(lrs[i]).append(',').append(losses[i]).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theSameFileTwiceIsTwoRunsNamedApart() throws IOException {
        Path out = dir.resolve("twice");
        String file = curve("keras-style.csv").toString();
        Cli.Run run = lrfinder("analyze", file, file, "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("geometric mean of 2 runs"), run.out());
        JsonNode report = report(out);
        assertEquals(file, report.at("/runs/0/source").asText());
        assertEquals(file + " (2)", report.at("/runs/1/source").asText());
        assertTrue(Files.size(out.resolve("plot.svg")) > 0);
        assertTrue(Files.readString(out.resolve("plot.svg")).contains(file + " (2)</text>"), "both runs in the legend");
    }

    @Test
    void subnormalRatesAreRefusedUpFrontNamingTheFileAndTheSmallestRate() throws IOException {
        double[] lrs = new double[20];
        double[] losses = new double[20];
        for (int i = 0; i < 20; i++) {
            lrs[i] = Double.MIN_VALUE * (i + 1);
            losses[i] = 2 - 0.01 * i;
        }
        Path file = csv("subnormal.csv", lrs, losses);
        Path out = dir.resolve("never");
        Cli.Run run = lrfinder("analyze", file.toString(), "--out", out.toString());
        assertEquals(2, run.code(), run.out() + run.err());
        assertEquals("lrfinder: " + file + ": lrs[0] = 4.9E-324: must be a finite number >= 2.2250738585072014E-308"
                + " (the smallest normal double)", run.firstErrLine());
        assertTrue(run.err().lines().count() <= 3, run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void twoPointsGetNoRecommendationAndSayWhy() throws IOException {
        Path file = csv("two_points.csv", new double[] {0.01, 0.1}, new double[] {2.0, 1.0});
        Path out = dir.resolve("two");
        Cli.Run run = lrfinder("analyze", file.toString(), "--methods", "divergence,minimum,valley", "--out", out.toString());
        assertEquals(3, run.code(), run.out() + run.err());
        String said = flat(run.out());
        String method = dev.lrfinder.analysis.AnalysisOptions.defaults().defaultMethod().id();
        assertTrue(said.startsWith("No recommended learning rate: no method gave an answer in any run (" + method + ", run 1:"
                + " the curve has 2 points, too few to show where the loss is flat, falls and turns up (at least 3))."), said);
        assertFalse(said.contains("never turned up for good"), "no wider sweep is asked for: " + said);
        assertTrue(said.contains("The curve has only 2 points, too few to tell where it is flat, falls and turns up"
                + " (that takes 3); smoothed, its loss goes from 2.00 to "), said);
        JsonNode rec = report(out).at("/aggregate/recommendation");
        assertTrue(rec.at("/lr").isNull(), rec.toString());
        assertTrue(rec.at("/lrMaxAtLeast").isNull(), rec.toString());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against the plot hanging, not a speed target
    void fiveCurvesBlowingUpTo1e33WithRobustSmoothingAreAnalysedAndPlotted() throws IOException {
        List<String> args = new ArrayList<>(List.of("analyze", "--smoothing", "robust", "--divergence", "none"));
        // Flat at 2, falling to 1, then rising from 1 to 1e33 over the last 20 points, then infinite.
        for (int r = 1; r <= 5; r++) {
            args.add(curve("blow-up-" + r + ".csv").toString());
        }
        Path out = dir.resolve("blow");
        args.addAll(List.of("--out", out.toString()));
        Cli.Run run = lrfinder(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.out() + run.err());
        assertEquals(CurvePlot.WIDTH_PX, ImageIO.read(out.resolve("plot.png").toFile()).getWidth());
        assertTrue(Files.readString(out.resolve("plot.svg")).strip().endsWith("</svg>"));
    }

    @Test
    void aRecordedBlowUpIsCutWhereTheSweepWouldHaveStoppedAndNoMethodAnswersFromBeyondIt() throws IOException {
        // torch-lr-finder runs to its end lr: the loss here blows up near lr 1e-1 and goes on rising to lr 10.
        int n = 100;
        double[] lrs = new double[n];
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            double u = -6 + 7.0 * i / (n - 1);
            lrs[i] = Math.pow(10, u);
            losses[i] = u < -1 ? 2.3 - 1.5 / (1 + Math.exp(-(u + 3.5) * 3)) : 0.8 * Math.pow(10, 2 * (u + 1));
        }
        Path file = csv("history.csv", lrs, losses);
        Path cut = dir.resolve("cut");
        Cli.Run run = lrfinder("analyze", file.toString(), "--out", cut.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        JsonNode report = report(cut);
        String note = report.at("/runs/0/notes/0").asText();
        assertTrue(note.startsWith("the divergence stop (4.0x, as a sweep stops) cut the curve at lr "), note);
        int kept = 0;
        for (JsonNode v : report.at("/runs/0/curve/smoothedLoss")) {
            kept += v.isNull() ? 0 : 1;
        }
        assertTrue(kept < n, "points past the stop are not analysed: " + kept);
        double lastKept = lrs[kept - 1];
        for (var method : report.at("/runs/0/suggestions").properties()) {
            JsonNode index = method.getValue().at("/index");
            assertTrue(index.isNull() || index.asInt() < kept, method.getKey() + " answers from beyond the stop");
            JsonNode lr = method.getValue().at("/lr");
            assertTrue(lr.isNull() || lr.asDouble() <= lastKept, method.getKey() + " lr " + lr);
        }
        Path whole = dir.resolve("whole");
        Cli.Run none = lrfinder("analyze", file.toString(), "--divergence", "none", "--out", whole.toString());
        assertEquals(0, none.code(), none.err());
        JsonNode notes = report(whole).at("/runs/0/notes");
        for (JsonNode note2 : notes) {
            assertFalse(note2.asText().startsWith("the divergence stop"), "--divergence none keeps every finite point: " + note2);
        }
        int drawn = 0;
        for (JsonNode v : report(whole).at("/runs/0/curve/smoothedLoss")) {
            drawn += v.isNull() ? 0 : 1;
        }
        assertEquals(n, drawn, "--divergence none keeps every finite point");
        Cli.Run compat = lrfinder("analyze", "--compat", "fastai", "--divergence", "8", file.toString());
        assertEquals(2, compat.code());
        assertEquals("lrfinder: --divergence cannot be combined with --compat fastai, which reads the curve with fastai's"
                + " own smoothing, stop and rules", compat.firstErrLine());
        Cli.Run bad = lrfinder("analyze", "--divergence", "1", file.toString());
        assertEquals(2, bad.code());
        assertEquals("lrfinder: --divergence = 1.0: must be a finite number > 1 or 'none'", bad.firstErrLine());
    }

    @Test
    void analysisErrorsArePrintedAsTheEngineWordsThemWithTheOptionsDashes() {
        Cli.Run smoothing = lrfinder("analyze", "--smoothing", "gauss", curve("keras-style.csv").toString());
        assertEquals(2, smoothing.code());
        assertEquals("lrfinder: --smoothing = gauss: must be one of debiased-ema, ema, none, robust", smoothing.firstErrLine());
        Cli.Run methods = lrfinder("analyze", "--methods", "valley,lowest", curve("keras-style.csv").toString());
        assertEquals(2, methods.code());
        assertEquals("lrfinder: --methods = lowest: must be one of minimum, steep, valley, slide, slide-relative, steepest,"
                + " divergence", methods.firstErrLine());
    }
}
