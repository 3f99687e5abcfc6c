package dev.lrfinder.cli;

import static dev.lrfinder.cli.Cli.lrfinder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrfinder.analysis.TargetRule;
import dev.lrfinder.plot.CurvePlot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lrfinder find} as a user runs it: exit codes, what is printed, which files appear. */
class FindCommandTest {
    @TempDir
    Path dir;

    /** On djl: this class's JVM runs DJL's libtorch (the default, auto, would load the native one where it is built). */
    private static final String[] SMALL = {"--backend", "djl", "--task", "blobs", "--samples", "256", "--widths", "16",
        "--steps", "60"};

    static Cli.Run small(String... more) {
        return small(false, more);
    }

    static Cli.Run small(boolean terminal, String... more) {
        return lrfinder(terminal, Stream.concat(Stream.concat(Stream.of("find"), Stream.of(SMALL)), Stream.of(more))
                .toArray(String[]::new));
    }

    @Test
    void findRunsEveryRunWritesTheFourFilesAndRecommends() throws IOException {
        Path out = dir.resolve("result");
        Cli.Run run = small("--runs", "2", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Recommended learning rate: "), run.out());
        assertTrue(run.out().contains("geometric mean of 2 runs"), run.out());
        assertTrue(run.out().contains("suggestion           run 1     run 2"), run.out());
        assertTrue(run.out().contains("method            geo-mean"), run.out());
        assertTrue(run.out().contains(TargetRule.of(TargetRule.DEFAULT_TARGET).method().id() + " *"),
                "the recommended method is marked: " + run.out());
        assertTrue(run.out().lines().filter(l -> !l.startsWith("Files: ")).allMatch(l -> l.length() <= 100),
                "no line wider than 100 columns:\n" + run.out());
        assertTrue(run.err().contains("run 2/2: "), "stderr is not a terminal: one line per run: " + run.err());

        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("curves.csv", "plot.png", "plot.svg", "report.json", "run-1.csv", "run-1.json",
                            "run-2.csv", "run-2.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "the files and no temporary one");
        }
        List<String> runCsv = Files.readAllLines(out.resolve("run-1.csv"));
        assertEquals("step,lr,loss", runCsv.get(0));
        assertEquals("0", runCsv.get(1).split(",")[0]);
        JsonNode record = new ObjectMapper().readTree(out.resolve("run-2.json").toFile());
        assertEquals("djl", record.at("/run/backend").asText());
        assertEquals(43, record.at("/config/seed").asLong());
        assertTrue(record.at("/run/stepMillis/median").isNumber());
        List<String> csv = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals("run,step,lr,loss,smoothed_loss", csv.get(0));
        String[] first = csv.get(1).split(",");
        assertEquals(List.of("1", "0"), List.of(first[0], first[1]), csv.get(1));
        assertEquals(1e-7, Double.parseDouble(first[2]), 1e-13, "the first step applies lrMin (as a float)");
        assertEquals(5, first.length, "smoothed_loss is there: " + csv.get(1));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("2,0,")), "run 2 is there too");

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(2, report.at("/schema").asInt());
        assertEquals("find", report.at("/command").asText());
        assertEquals(60, report.at("/config/steps").asInt());
        assertEquals(2, report.at("/runs").size());
        assertEquals(43, report.at("/runs/1/seed").asLong(), "run 2 uses seed + 1");
        assertEquals("djl", report.at("/runs/0/info/backend").asText());
        assertEquals("2.7.1", report.at("/runs/0/info/engineVersion").asText());
        assertTrue(report.at("/runs/0/suggestions/valley/reason").isTextual());
        assertTrue(report.at("/runs/0/suggestions/valley").has("lr"));
        assertEquals(report.at("/runs/0/recordedSteps").asInt(), report.at("/runs/0/curve/lr").size());
        assertTrue(report.at("/aggregate/methods/valley/geometricMean").isNumber());
        assertEquals(TargetRule.of(TargetRule.DEFAULT_TARGET).method().id(),
                report.at("/aggregate/recommendation/method").asText());
        assertTrue(report.at("/aggregate/recommendation/lr").isNumber());
        assertTrue(report.at("/aggregate/recommendation/confidence").isTextual());
        assertTrue(report.at("/aggregate/consensus/median").isArray());

        BufferedImage png = ImageIO.read(out.resolve("plot.png").toFile());
        assertEquals(CurvePlot.WIDTH_PX, png.getWidth());
        assertTrue(png.getHeight() > CurvePlot.HEIGHT_PX, "the curves with the answers panel below: " + png.getHeight());
        assertTrue(Files.readString(out.resolve("plot.svg")).contains("<svg"));
    }

    @Test
    void aOneRunReportIntoTheFolderOfAThreeRunOneReplacesItWhole() throws IOException {
        Path out = dir.resolve("again");
        assertEquals(0, small("--runs", "3", "--out", out.toString()).code());
        Cli.Run again = small("--runs", "1", "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("curves.csv", "plot.png", "plot.svg", "report.json", "run-1.csv", "run-1.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no run-2 or run-3 of the older report");
        }
        try (Stream<Path> beside = Files.list(dir)) {
            assertEquals(List.of("again"), beside.map(p -> p.getFileName().toString()).toList(), "nothing staged is left");
        }
    }

    @Test
    void oneRunShowsEachSuggestionWithItsReasonAndWhereTheSweepStopped() {
        Cli.Run run = small("--runs", "1", "--lr-max", "100", "--out", dir.resolve("one").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("; 1 run, smoothing " + TargetRule.of(TargetRule.DEFAULT_TARGET).smoothing().id()),
                run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("steep ") && l.contains("steepest descending segment")),
                run.out());
        assertTrue(run.out().contains("The sweep stopped at lr "), run.out());
        assertTrue(run.out().contains("the smoothed loss passed 4.0x its best"), run.out());
        assertTrue(run.out().contains("One run cannot show how much the answer moves"), run.out());
        assertFalse(run.out().contains("geo-mean"), "no statistics table for one run: " + run.out());
    }

    @Test
    void jsonFormatPrintsTheReportAloneOnStdoutWithTheChosenAnalysis() throws IOException {
        Path out = dir.resolve("json");
        Cli.Run run = small("--runs", "1", "--format", "json", "--smoothing", "robust", "--methods", "steep,divergence",
                "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals(Files.readString(out.resolve("report.json")), run.out(), "stdout is the report, nothing else");
        assertEquals("robust", report.at("/analysis/smoothing").asText());
        List<String> methods = new ArrayList<>();
        report.at("/runs/0/suggestions").fieldNames().forEachRemaining(methods::add);
        assertEquals(List.of("steep", "divergence"), methods);
        String rule = TargetRule.of(TargetRule.DEFAULT_TARGET).method().id();
        assertEquals(methods.contains(rule) ? rule : "steep", report.at("/analysis/defaultMethod").asText(),
                "the target's method when listed, else the first listed");
        assertTrue(run.err().contains("Files: "), run.err());
    }

    @Test
    void aTerminalGetsAProgressBarAndQuietGetsNothing() {
        Cli.Run bar = small(true, "--runs", "2", "--out", dir.resolve("bar").toString());
        assertEquals(0, bar.code(), bar.err());
        assertTrue(bar.err().contains("range test 100%"), bar.err());
        assertTrue(bar.err().contains("120/120 steps"), "runs x steps: " + bar.err());
        assertFalse(bar.err().contains("run 1/2: "), "a bar, not lines: " + bar.err());

        Cli.Run atOnce = small(true, "--runs", "3", "--parallel", "2", "--out", dir.resolve("at-once").toString());
        assertEquals(0, atOnce.code(), atOnce.err());
        assertTrue(atOnce.err().contains("180/180 steps"), "one bar over the runs at once: " + atOnce.err());
        assertTrue(atOnce.err().contains("3/3 runs done"), atOnce.err());

        Cli.Run quiet = small(true, "--runs", "1", "--quiet", "--format", "json",
                "--out", dir.resolve("quiet").toString());
        assertEquals(0, quiet.code(), quiet.err());
        assertEquals("", quiet.err());
    }

    @Test
    void runsAtOnceEachGetTheirLineAndABadCountNamesTheOption() {
        Cli.Run run = small("--runs", "3", "--parallel", "3", "--format", "json", "--out", dir.resolve("p").toString());
        assertEquals(0, run.code(), run.err());
        for (int r = 1; r <= 3; r++) {
            assertTrue(run.err().contains("run " + r + "/3: "), run.err());
        }
        Cli.Run bad = lrfinder("find", "--parallel", "-1");
        assertEquals(2, bad.code());
        assertTrue(bad.firstErrLine().startsWith("lrfinder: --parallel = -1: must be "), bad.err());
    }

    @Test
    void aBadEngineValueIsOneLineNamingTheOption() {
        Cli.Run run = lrfinder("find", "--lr-min", "-1");
        assertEquals(2, run.code());
        assertEquals("lrfinder: --lr-min = -1.0: must be a finite number > 0", run.firstErrLine());
        assertTrue(run.err().contains("Try 'lrfinder find --help'"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        // The engine's parameter names become the options: by their words (weightDecay), or the
        // option they end in (augmentFlips is --flips).
        assertEquals("lrfinder: --weight-decay = -1.0: must be a finite number >= 0",
                lrfinder("find", "--weight-decay", "-1").firstErrLine());
        assertEquals("lrfinder: --flips = true: must be false for the non-image task spirals",
                lrfinder("find", "--task", "spirals", "--flips").firstErrLine());
    }

    @Test
    void aValueOfTheWrongTypeIsBadUsage() {
        Cli.Run run = lrfinder("find", "--steps", "many");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("lrfinder: Invalid value for option '--steps': 'many' is not an int"), run.err());
        Cli.Run format = lrfinder("find", "--format", "xml");
        assertEquals(2, format.code());
        assertTrue(format.err().contains("--format"), format.err());
    }

    @Test
    void unknownNamesAreBadInput() {
        Cli.Run task = lrfinder("find", "--task", "mnist");
        assertEquals(2, task.code());
        assertTrue(task.err().startsWith("lrfinder: --task = mnist: must be one of "), task.err());
        Cli.Run model = lrfinder("find", "--model", "transformer");
        assertEquals(2, model.code());
        assertTrue(model.err().startsWith("lrfinder: --model = transformer: must be one of "), model.err());
        Cli.Run optimizer = lrfinder("find", "--optimizer", "lion");
        assertEquals(2, optimizer.code());
        assertTrue(optimizer.err().startsWith("lrfinder: --optimizer = lion: must be one of sgd"), optimizer.err());
        Cli.Run backend = lrfinder("find", "--backend", "tpu");
        assertEquals(2, backend.code());
        assertTrue(backend.err().startsWith("lrfinder: --backend = tpu"), backend.err());
        Cli.Run smoothing = lrfinder("find", "--smoothing", "gauss");
        assertEquals(2, smoothing.code());
        assertEquals("lrfinder: --smoothing = gauss: must be one of debiased-ema, ema, none, robust",
                smoothing.firstErrLine());
        Cli.Run methods = lrfinder("find", "--methods", "valley,best");
        assertEquals(2, methods.code());
        assertEquals("lrfinder: --methods = best: must be one of minimum, steep, valley, slide, slide-relative, steepest,"
                + " divergence", methods.firstErrLine());
    }

    @Test
    void aSweepThatNeverTurnsUpFallsBackAndSaysHowFarToSweep() throws IOException {
        // On the small blobs task SGD's loss is still falling at lr 0.3: divergence has nothing to read.
        Path out = dir.resolve("short");
        // For a constant rate, whose rule reads divergence.
        Cli.Run run = small("--runs", "1", "--lr-max", "0.3", "--methods", "divergence,minimum,valley,slide",
                "--for", "constant", "--out", out.toString());
        assertEquals(0, run.code(), "a fallback answer is an answer: " + run.out() + run.err());
        String said = run.out().replaceAll("\\s+", " ");
        assertTrue(said.contains("Recommended learning rate: "), said);
        assertTrue(said.contains("It is the fallback: divergence, the default method, gave no answer in the one run (run 1:"),
                said);
        assertTrue(said.contains("The loss never turned up for good: raise --lr-max to at least 3.00 (it is 0.300) so that"
                + " divergence can answer."), said);
        assertTrue(run.out().lines().filter(l -> !l.startsWith("Files: ") && !l.startsWith("minimum")
                && !l.startsWith("steep") && !l.startsWith("valley") && !l.startsWith("slide") && !l.startsWith("divergence"))
                .allMatch(l -> l.length() <= 100), run.out());
        JsonNode rec = new ObjectMapper().readTree(out.resolve("report.json").toFile()).at("/aggregate/recommendation");
        assertEquals("divergence", rec.at("/defaultMethod").asText());
        assertFalse(rec.at("/method").asText().equals("divergence"), rec.toString());
        assertEquals(3.0, rec.at("/lrMaxAtLeast").asDouble(), 1e-6); // 10 x the applied float32 lr
        assertEquals("lrfinder", new ObjectMapper().readTree(out.resolve("report.json").toFile()).at("/analysis/pipeline")
                .asText());
    }

    @Test
    void aCnnOnANonImageTaskIsBadInput() {
        Cli.Run run = lrfinder("find", "--task", "spirals", "--model", "cnn");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("lrfinder: --model = cnn: must be mlp for the non-image task spirals"), run.err());
    }

    @Test
    void anOutPathThatCannotBeAFolderIsBadInputAndNothingRuns() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("missing/target"));
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put(file.toString(), "must be a folder (it is a file)");
        refused.put(file.resolve("sub").toString(), "must be a folder lrfinder can create (" + file + " is a file)");
        refused.put(dangling.toString(), "must be a folder or a path to make one (it is a symbolic link to the missing "
                + dir.resolve("missing/target") + ")");
        refused.put("/proc/lrf", "must be a folder lrfinder can create (making a folder in /proc fails: ");
        for (Map.Entry<String, String> out : refused.entrySet()) {
            Cli.Run run = small("--out", out.getKey());
            assertEquals(2, run.code(), run.err());
            assertTrue(run.firstErrLine().startsWith("lrfinder: --out = " + out.getKey() + ": " + out.getValue()), run.err());
            assertEquals(2, run.err().lines().count(), "the message and the hint: " + run.err());
            assertFalse(run.err().contains("run 1/"), "checked before any sweep: " + run.err());
        }
        assertEquals("x", Files.readString(file));
        assertFalse(Files.exists(dir.resolve("missing")), "nothing made where the link points");
    }

    @Test
    void ratesAndBatchesPastWhatTheBackendsHoldAreNamedUpFront() {
        String floats = "must be in [1.1754944E-38, 3.4028235E38], what a float32 holds";
        Cli.Run huge = lrfinder("find", "--backend", "native", "--lr-min", "1e300", "--lr-max", "1e308");
        assertEquals(2, huge.code(), huge.err());
        assertTrue(huge.firstErrLine().startsWith("lrfinder: --lr-min = 1.0E300: " + floats), huge.err());
        Cli.Run tiny = lrfinder("find", "--backend", "djl", "--lr-min", "1e-320");
        assertEquals(2, tiny.code(), tiny.err());
        assertTrue(tiny.firstErrLine().startsWith("lrfinder: --lr-min = 1.0E-320: " + floats), tiny.err());
        Cli.Run batch = lrfinder("find", "--batch-size", "1048576");
        assertEquals(2, batch.code(), batch.err());
        assertEquals("lrfinder: --batch-size = 1048576: must be at most the data set's size, samples = 4096",
                batch.firstErrLine());
    }

    @Test
    void verboseShowsTheStackTrace() {
        Cli.Run run = lrfinder("find", "--lr-min", "-1", "--verbose");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("\tat "), run.err());
    }

    @Test
    void versionNamesLrfinderDjlAndLibtorch() {
        Cli.Run run = lrfinder("--version");
        assertEquals(0, run.code());
        assertTrue(run.out().startsWith("lrfinder "), run.out());
        assertTrue(run.out().contains("DJL 0.35.1"), run.out());
        assertTrue(run.out().contains("libtorch 2.7.1"), run.out());
    }

    @Test
    void everyCommandsHelpHasExamples() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"find", "--help"},
                new String[] {"analyze", "--help"}, new String[] {"help", "analyze"})) {
            Cli.Run run = lrfinder(args);
            assertEquals(0, run.code(), String.join(" ", args));
            assertTrue(run.out().contains("Examples:"), run.out());
            assertTrue(run.out().contains("Exit codes: 0 success, 2 bad usage or input, 3 no suggestion"), run.out());
        }
        assertTrue(lrfinder("find", "--help").out().contains("--config"));
        assertTrue(lrfinder("--help").out().contains("analyze"));
    }

    @Test
    void theReportGivesTheRecommendationsIntervalAndEachRunsAnswerUnderItsRule() throws IOException {
        Path out = dir.resolve("rule");
        assertEquals(0, small("--runs", "3", "--out", out.toString()).code());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode rec = report.at("/aggregate/recommendation");
        String method = rec.at("/method").asText();
        double factor = rec.at("/rule/method").asText().equals(method) ? rec.at("/rule/factor").asDouble() : 1;
        assertTrue(factor != 1, "the default target's rule scales its method's answer: " + rec);
        for (int r = 0; r < 3; r++) {
            double own = report.at("/runs/" + r + "/suggestions/" + method + "/lr").asDouble();
            assertEquals(own * factor, rec.at("/runLrs/" + r).asDouble(), 1e-12 * own, "run " + (r + 1));
        }
        JsonNode ci = report.at("/aggregate/methods/" + method + "/ci95");
        assertEquals(ci.get(0).asDouble() * factor, rec.at("/ci95/0").asDouble(), 1e-12);
        assertEquals(ci.get(1).asDouble() * factor, rec.at("/ci95/1").asDouble(), 1e-12);
        // The interval is the range tests' answer's: it holds rangeTestLr (lr is the verified rate, found by fits).
        double lr = rec.at("/rangeTestLr").asDouble();
        assertTrue(rec.at("/ci95/0").asDouble() <= lr && lr <= rec.at("/ci95/1").asDouble(), rec.toString());
    }

    @Test
    void noHelpPageMakesPicocliWarn() {
        // picocli reads descriptions as format strings and warns on System.err (not the command's
        // err) about a lone '%', as "20% of the training data" once made it do on every find --help.
        java.io.PrintStream before = System.err;
        java.io.ByteArrayOutputStream warned = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warned, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String command : List.of("find", "analyze", "bench", "sweep")) {
                assertEquals(0, lrfinder(command, "--help").code(), command);
            }
        } finally {
            System.setErr(before);
        }
        assertEquals("", warned.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void badVerifyAndForValuesAreOneLineAndExitTwo() {
        String[][] cases = {
            {"--verify", "0"}, {"--verify", "abc"}, {"--verify", "101"}, {"--no-verify", "--verify-budget", "8"},
            {"--verify", "--verify-steps", "0"}, {"--for", "step"}, {"--train-steps", "0"}, {"--verify-budget", "-1"},
            {"--epochs", "2", "--train-steps", "100"}};
        String[] expected = {
            "lrfinder: --verify = 0: must be an integer in [3, 100] (scanning fits; 5 without a value)",
            "abc", "--verify = 101", "lrfinder: --verify-budget = 8.0: must not come with --no-verify",
            "lrfinder: --verify-steps = 0: must be an integer in [1, 10000000]",
            "lrfinder: --for = step: must be one of constant, onecycle, cosine",
            "lrfinder: --train-steps = 0: must be an integer in [1, 10000000]",
            "lrfinder: --verify-budget = -1.0: must be a multiple of the range tests' steps in (0, 1000]",
            "lrfinder: --epochs = 2.0 and --train-steps = 100: must be one or the other"};
        for (int i = 0; i < cases.length; i++) {
            Path out = dir.resolve("bad" + i);
            List<String> args = new ArrayList<>(List.of(cases[i]));
            args.addAll(List.of("--out", out.toString()));
            Cli.Run run = small(args.toArray(String[]::new));
            assertEquals(2, run.code(), String.join(" ", cases[i]) + ": " + run.err());
            String first = run.err().lines().findFirst().orElse("");
            assertTrue(first.contains(expected[i]), String.join(" ", cases[i]) + ": " + run.err());
            assertFalse(run.err().contains("Exception"), run.err());
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", cases[i]));
        }
    }

    @Test
    void forChangesTheAnswerAsDocumented() throws IOException {
        Map<String, JsonNode> recs = new LinkedHashMap<>();
        for (String target : List.of("constant", "onecycle")) {
            Path out = dir.resolve(target);
            Cli.Run run = small("--runs", "2", "--for", target, "--out", out.toString());
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().contains("It is for --for " + target), run.out());
            recs.put(target, new ObjectMapper().readTree(out.resolve("report.json").toFile()).at("/aggregate/recommendation"));
        }
        dev.lrfinder.analysis.TargetRule constant = dev.lrfinder.analysis.TargetRule.of(
                dev.lrfinder.sweep.TrainingSchedule.CONSTANT);
        assertEquals(constant.method().id(), recs.get("constant").at("/rule/method").asText());
        assertEquals(constant.factor(), recs.get("constant").at("/rule/factor").asDouble());
        // Every rule reads the default smoothing, so the constant answer also names OneCycle's.
        assertTrue(recs.get("constant").at("/oneCyclePeakLr").asDouble() > 0, recs.get("constant").toString());
        assertEquals("ONE_CYCLE_PEAK", recs.get("onecycle").at("/schedule").asText());
    }

    @Test
    void theSummaryOpensWithTheAnswerThenAConservativeChoiceAndTheGoodRange() {
        Cli.Run run = small("--runs", "3", "--out", dir.resolve("answer").toString());
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("Recommended learning rate: [0-9.e+-]+ (for|as) [^()]+( \\(max_lr\\))?"
                + " \\(confidence (high|medium|low), verified\\)"),
                "the first line is the answer: " + lines.get(0));
        assertTrue(lines.get(1).startsWith("Conservative: "), lines.get(1));
        assertTrue(flat(run.out()).contains("good range: "), run.out());
        assertTrue(lines.get(2).isEmpty() || lines.get(3).isEmpty(), "then a blank line and the detail: " + run.out());
    }

    /** Every number the summary prints has three significant digits (counts such as 60/60 or 3/3 aside). */
    @Test
    void everyNumberOfTheSummaryHasThreeSignificantDigits() {
        Cli.Run run = small("--runs", "3", "--out", dir.resolve("digits").toString());
        assertEquals(0, run.code(), run.err());
        // The header lines echo the settings as given (noise 0.5, 256 samples); the rest is computed.
        String computed = run.out().lines().filter(l -> !l.startsWith("blobs ") && !l.contains(" backend (")
                && !l.startsWith("Files: ")).reduce("", (a, b) -> a + "\n" + b);
        var numbers = java.util.regex.Pattern.compile("(?<![\\w./-])-?\\d+\\.\\d+(e[+-]\\d+)?(?![\\w./])").matcher(computed);
        int seen = 0;
        while (numbers.find()) {
            String number = numbers.group();
            String mantissa = number.replaceAll("e.*", "").replace("-", "").replace(".", "").replaceAll("^0+", "");
            assertEquals(3, mantissa.length(), "three significant digits: " + number + " in\n" + computed);
            seen++;
        }
        assertTrue(seen > 30, "the tables' numbers were found: " + seen);
        var integers = java.util.regex.Pattern.compile("(?<![\\w./-])\\d{4,}(?![\\w./])").matcher(computed);
        assertFalse(integers.find(), "no long integers (a ratio of 22570197.32 reads 2.26e+07): " + computed);
    }

    /**
     * The regions come from the median curve's slope: on the spirals task the sweet spot is the fall
     * (about a decade), not four decades of noisy plateau, and on patterns it lies where the loss falls.
     * Neither region named "too low" takes in the recommended lr.
     */
    @Test
    void theRegionsOfTheSpiralsAndPatternsTasksAreWhereTheirMedianCurvesFall() throws IOException {
        for (String[] task : new String[][] {{"spirals", "adam"}, {"patterns", "sgd"}}) {
            Path out = dir.resolve(task[0]);
            Cli.Run run = lrfinder("find", "--backend", "djl", "--task", task[0], "--optimizer", task[1], "--runs", "3",
                    "--out", out.toString(), "--quiet");
            assertEquals(0, run.code(), run.err());
            JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            JsonNode sweet = report.at("/regions/sweetSpot");
            assertTrue(sweet.isObject(), task[0] + ": " + report.at("/regions"));
            double decades = Math.log10(sweet.at("/toLr").asDouble() / sweet.at("/fromLr").asDouble());
            assertTrue(decades > 0.2 && decades < 2, task[0] + ": the sweet spot spans " + decades + " decades: " + sweet);
            double rec = report.at("/aggregate/recommendation/rangeTestLr").asDouble();
            JsonNode tooLow = report.at("/regions/tooLow");
            assertTrue(tooLow.isNull() || tooLow.at("/toLr").isNumber() && tooLow.at("/toLr").asDouble() < rec,
                    task[0] + ": too low " + tooLow + " stops left of the recommendation " + rec);
        }
    }

    /**
     * One answer everywhere: the headline's rate is report.json's {@code aggregate.recommendation.lr}
     * (what {@code jq} reads), the verified rate, and the plot's red line is drawn from the same
     * report; with {@code --no-verify} it is the range tests' own answer, kept under {@code rangeTestLr}.
     */
    @Test
    void theHeadlineIsReportJsonsRecommendationAndTheVerifiedRate() throws IOException {
        Path out = dir.resolve("one");
        Cli.Run run = small("--runs", "2", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        double lr = report.at("/aggregate/recommendation/lr").asDouble();
        assertEquals(2, report.at("/schema").asInt());
        assertTrue(report.at("/aggregate/recommendation/verified").asBoolean(), report.at("/aggregate").toString());
        assertEquals(report.at("/verification/verifiedLr").asDouble(), lr);
        String headline = run.out().lines().findFirst().orElse("");
        assertTrue(headline.startsWith("Recommended learning rate: " + Summary.number(lr) + " "), headline + " vs " + lr);
        JsonNode cost = report.at("/verification/cost");
        assertTrue(cost.at("/steps").asInt() > 0 && cost.at("/steps").asInt() <= cost.at("/budgetSteps").asInt(), cost.toString());
        assertEquals(4 * 2 * 60, cost.at("/budgetSteps").asInt(), "4x the range tests' 2 x 60 steps");
        assertTrue(flat(run.out()).contains("Verification: " + cost.at("/fits").asInt() + " fits, "), run.out());
        assertEquals(report.at("/verification/fits").size(), cost.at("/fits").asInt());

        Path alone = dir.resolve("alone");
        Cli.Run unverified = small("--runs", "2", "--no-verify", "--out", alone.toString());
        assertEquals(0, unverified.code(), unverified.err());
        JsonNode plain = new ObjectMapper().readTree(alone.resolve("report.json").toFile());
        assertTrue(plain.at("/verification").isNull());
        assertEquals(plain.at("/aggregate/recommendation/lr").asDouble(), plain.at("/aggregate/recommendation/rangeTestLr").asDouble());
        assertEquals(plain.at("/aggregate/recommendation/lr").asDouble(), report.at("/aggregate/recommendation/rangeTestLr").asDouble(),
                "the same range tests, the same seeds");
        assertTrue(unverified.out().lines().findFirst().orElse("").startsWith("Recommended learning rate: "
                + Summary.number(plain.at("/aggregate/recommendation/lr").asDouble()) + " "), unverified.out());
    }

    private static String flat(String text) {
        return text.replace('\n', ' ');
    }
}
