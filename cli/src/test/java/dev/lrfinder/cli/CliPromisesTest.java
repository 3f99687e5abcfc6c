package dev.lrfinder.cli;

import static dev.lrfinder.cli.Cli.lrfinder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrfinder.nativebackend.NativeBackend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command line promises a user at a terminal: versions on every command, option names as
 * typed, standard input, the sweep's JSON, words kept whole at the terminal's width, and the
 * anchors' own files read as the anchors wrote them.
 */
class CliPromisesTest {
    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file of native-scripts/peer/anchor_exports.py's, kept with the engine's tests. */
    private static Path anchor(String name) {
        Path path = Path.of("..", "engine", "core", "src", "test", "resources", "anchors", name);
        assertTrue(Files.isRegularFile(path), path.toAbsolutePath().toString());
        return path;
    }

    @Test
    void everySubcommandsVersionIsLrfindersWithTheNativeBackendsLibtorch() {
        String native_ = NativeBackend.builtTorchVersion().map(v -> "libtorch " + v + " (native backend, the default)")
                .orElse("libtorch: no native backend");
        for (String command : List.of("find", "analyze", "bench", "sweep")) {
            Cli.Run run = lrfinder(command, "--version");
            assertEquals(0, run.code(), command);
            assertTrue(run.out().startsWith("lrfinder "), command + " --version: '" + run.out() + "'");
            assertTrue(run.out().contains(native_), command + ": " + run.out());
            assertTrue(run.out().contains("(DJL backend, CPU)"), command + ": " + run.out());
        }
        if (NativeBackend.unavailableReason().isEmpty()) { // loads the shim: read from the file, it says the same
            assertEquals(java.util.Optional.of(NativeBackend.torchVersion()), NativeBackend.builtTorchVersion());
        }
    }

    @Test
    void aMessageNamesEveryOptionAsTheUserTypesIt() {
        Cli.Run run = lrfinder("find", "--lr-min", "1", "--lr-max", "0.1");
        assertEquals(2, run.code());
        assertEquals("lrfinder: --lr-max = 0.1: must be greater than --lr-min (1.0)", run.firstErrLine());
    }

    @Test
    void analyzeDashReadsStandardInput() throws IOException {
        InputStream stdin = System.in;
        Path out = dir.resolve("stdin");
        Cli.Run run;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(anchor("raw.csv"))));
            run = lrfinder("analyze", "-", "--out", out.toString());
        } finally {
            System.setIn(stdin);
        }
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("1 curve from stdin"), run.out());
        Cli.Run fromFile = lrfinder("analyze", anchor("raw.csv").toString(), "--out", dir.resolve("file").toString());
        assertEquals(JSON.readTree(dir.resolve("file/report.json").toFile()).at("/aggregate/recommendation/lr"),
                JSON.readTree(out.resolve("report.json").toFile()).at("/aggregate/recommendation/lr"), fromFile.out());
    }

    @Test
    void theSummaryKeepsWordsWholeWithinItsWidth() {
        assertEquals(80, Summary.lineWidth(80), "an 80-column terminal");
        assertEquals(Summary.MAX_WIDTH, Summary.lineWidth(0), "not a terminal");
        assertEquals(Summary.MAX_WIDTH, Summary.lineWidth(250), "a wide terminal: lines stay readable");
        Cli.Run run = lrfinder("analyze", anchor("raw.csv").toString(), "--out", dir.resolve("w").toString());
        assertEquals(0, run.code(), run.err());
        // The per-method reasons were printed whole, past 100 columns, and broken mid-word by the terminal.
        for (String line : run.out().lines().filter(l -> !l.startsWith("Files: ") && !l.contains("anchors/")).toList()) {
            assertTrue(line.length() <= Summary.MAX_WIDTH, line.length() + " columns: " + line);
        }
    }

    @Test
    void theProgressBarFitsTheTerminalItIsDrawnOn() {
        // bash does not export $COLUMNS: the bar took 100 columns in an 80-column terminal and wrapped every redraw.
        assertTrue(Progress.barWidth(80, null) < 80, "80 columns: " + Progress.barWidth(80, null));
        assertTrue(Progress.barWidth(0, "80") < 80, "not told by the terminal: $COLUMNS");
        assertEquals(TerminalWidth.MIN_COLUMNS, Progress.barWidth(10, null));
    }

    @Test
    void compatOnEachAnchorsOwnFileGivesThatAnchorsAnswer() throws IOException {
        JsonNode answers = JSON.readTree(anchor("answers.json").toFile());
        for (Map.Entry<String, String> tool : Map.of("torch-lr-finder", "torch-lr-finder-history.json", "lightning",
                "lightning-results.json", "fastai", "fastai-recorder.csv").entrySet()) {
            Path out = dir.resolve(tool.getKey());
            Cli.Run run = lrfinder("analyze", "--compat", tool.getKey(), "--steps", "100", anchor(tool.getValue()).toString(),
                    "--out", out.toString());
            assertEquals(0, run.code(), run.err());
            JsonNode rec = JSON.readTree(out.resolve("report.json").toFile()).at("/aggregate/recommendation");
            String method = rec.at("/method").asText();
            assertEquals(answers.at("/" + tool.getKey() + "/" + method).asDouble(), rec.at("/lr").asDouble(), 0.0,
                    tool.getKey() + " " + method);
        }
    }

    @Test
    void theDefaultPipelineGivesOneAnswerForOneRunWhateverFileItCameFrom() throws IOException {
        Cli.Run raw = lrfinder("analyze", anchor("raw.csv").toString(), "--out", dir.resolve("raw").toString());
        assertEquals(0, raw.code(), raw.err());
        double expected = JSON.readTree(dir.resolve("raw/report.json").toFile()).at("/aggregate/recommendation/lr").asDouble();
        for (String[] file : List.of(new String[] {"torch-lr-finder", "torch-lr-finder-history.json"},
                new String[] {"lightning", "lightning-results.json"}, new String[] {"fastai", "fastai-recorder.csv"})) {
            Path out = dir.resolve("default-" + file[0]);
            Cli.Run run = lrfinder("analyze", "--losses", file[0], anchor(file[1]).toString(), "--out", out.toString());
            assertEquals(0, run.code(), run.err());
            assertEquals(expected, JSON.readTree(out.resolve("report.json").toFile()).at("/aggregate/recommendation/lr")
                    .asDouble(), 1e-9 * expected, file[0]);
        }
        Cli.Run unsaid = lrfinder("analyze", anchor("lightning-results.json").toString());
        assertEquals(2, unsaid.code());
        assertTrue(unsaid.firstErrLine().endsWith("lightning-results.json: holds a tool's smoothed losses (JSON {lr, loss}:"
                + " Lightning's lr_finder.results or torch-lr-finder's history), which lrfinder un-smooths before reading"
                + " them its own way; say whose: --losses lightning or --losses torch-lr-finder"), unsaid.firstErrLine());
        Cli.Run bad = lrfinder("analyze", "--losses", "keras", anchor("raw.csv").toString());
        assertEquals(2, bad.code());
        assertEquals("lrfinder: --losses = keras: must be one of raw, smoothed, fastai, lightning, torch-lr-finder",
                bad.firstErrLine());
    }

    @Test
    void compatNeverPrintsItsAnswerOutsideTheGoodRangeAsIfInside() {
        for (String[] tool : List.of(new String[] {"torch-lr-finder", "torch-lr-finder-history.json"},
                new String[] {"lightning", "lightning-results.json"}, new String[] {"fastai", "fastai-recorder.csv"})) {
            Cli.Run run = lrfinder("analyze", "--compat", tool[0], "--steps", "100", anchor(tool[1]).toString(),
                    "--out", dir.resolve("range-" + tool[0]).toString());
            assertEquals(0, run.code(), run.err());
            String said = run.out().replaceAll("\\s+", " ");
            assertTrue(said.contains("Why: " + tool[0] + "'s "), "the tool's rule, not lrfinder's smoothing: " + said);
            assertFalse(said.contains("--runs"), "analyze has no --runs: " + said);
            java.util.regex.Matcher line = java.util.regex.Pattern.compile(
                    "Recommended learning rate: (\\S+) .*good range: (\\S+) to (\\S+), where").matcher(said);
            if (line.find()) {
                double lr = Double.parseDouble(line.group(1));
                boolean inside = lr >= Double.parseDouble(line.group(2)) && lr <= Double.parseDouble(line.group(3));
                assertTrue(inside || said.contains("lies " + (lr < Double.parseDouble(line.group(2)) ? "below" : "above")
                        + " it: the tool's rule does not read the curve's regions"), said);
            }
        }
    }

    @Test
    void sweepFormatJsonPrintsTheSweepsReportAndNothingElse() throws IOException {
        // It was passed to the cells, and the sweep printed its text summary.
        Path out = dir.resolve("sweep");
        Cli.Run run = lrfinder("sweep", "--backend", "djl", "--task", "blobs", "--samples", "256", "--widths", "8",
                "--steps", "40", "--runs", "1", "--optimizer", "sgd,adam", "--format", "json", "--quiet", "--out",
                out.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        JsonNode printed = JSON.readTree(run.out());
        assertEquals(JSON.readTree(out.resolve("report.json").toFile()), printed);
        assertEquals(2, printed.path("cells").size(), run.out());
    }
}
