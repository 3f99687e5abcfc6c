package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lrfinder find} as a user runs it: exit codes, what is printed, which files appear. */
class FindCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run lrfinder(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LrFinderCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static final String[] SMALL = {"--task", "blobs", "--samples", "256", "--widths", "16", "--steps", "60"};

    private Run small(String... more) {
        return lrfinder(Stream.concat(Stream.concat(Stream.of("find"), Stream.of(SMALL)), Stream.of(more))
                .toArray(String[]::new));
    }

    @Test
    void findRunsEveryRunWritesItsFilesAndRecommends() throws IOException {
        Path out = dir.resolve("result");
        Run run = small("--runs", "2", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Recommended learning rate: "), run.out());
        assertTrue(run.out().contains("blobs"), run.out());
        assertTrue(run.err().contains("run 2/2"), run.err());

        List<String> csv = Files.readAllLines(out.resolve("run-1.csv"));
        assertEquals("step,lr,loss", csv.get(0));
        assertTrue(csv.size() > 10 && csv.size() <= 61, "rows: " + csv.size());
        assertEquals("0", csv.get(1).split(",")[0]);
        assertEquals(1e-7, Double.parseDouble(csv.get(1).split(",")[1]), 1e-13);

        JsonNode record = new ObjectMapper().readTree(out.resolve("run-2.json").toFile());
        assertEquals("djl", record.at("/run/backend").asText());
        assertEquals("2.7.1", record.at("/run/engineVersion").asText());
        assertEquals(43, record.at("/config/seed").asLong(), "run 2 uses seed + 1");
        assertEquals(60, record.at("/config/steps").asInt());
        assertTrue(record.at("/run/stepsPerSecond").asDouble() > 0);

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(2, report.at("/runs").size());
        assertTrue(report.at("/runs/0/suggestions/valley/reason").isTextual());
        assertTrue(report.at("/aggregate/recommendation/method").isTextual());
        try (Stream<Path> files = Files.list(out)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void aBadEngineValueIsOneLineNamingTheOption() {
        Run run = lrfinder("find", "--lr-min", "-1");
        assertEquals(2, run.code());
        assertEquals("lrfinder: --lr-min = -1.0: must be a finite number > 0", run.err().lines().findFirst().orElseThrow());
        assertTrue(run.err().contains("Try 'lrfinder find --help'"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void aValueOfTheWrongTypeIsBadUsage() {
        Run run = lrfinder("find", "--steps", "many");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("lrfinder: Invalid value for option '--steps': 'many' is not an int"), run.err());
    }

    @Test
    void unknownNamesAreBadInput() {
        Run task = lrfinder("find", "--task", "mnist");
        assertEquals(2, task.code());
        assertTrue(task.err().startsWith("lrfinder: --task = mnist: must be one of patterns, blobs, spirals, regression")
                || task.err().startsWith("lrfinder: --task = mnist: must be one of blobs"), task.err());
        Run optimizer = lrfinder("find", "--optimizer", "lion");
        assertEquals(2, optimizer.code());
        assertTrue(optimizer.err().startsWith("lrfinder: --optimizer = lion: must be one of sgd"), optimizer.err());
        Run backend = lrfinder("find", "--backend", "tpu");
        assertEquals(2, backend.code());
        assertTrue(backend.err().startsWith("lrfinder: --backend = tpu"), backend.err());
    }

    @Test
    void aCnnOnANonImageTaskIsBadInput() {
        Run run = lrfinder("find", "--task", "spirals", "--model", "cnn");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("lrfinder: --model = cnn: must be mlp for the non-image task spirals"), run.err());
    }

    @Test
    void anOutPathThatIsAFileIsBadInputAndNothingRuns() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        Run run = small("--out", file.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("lrfinder: --out = " + file + ": must be a folder"), run.err());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void verboseShowsTheStackTrace() {
        Run run = lrfinder("find", "--lr-min", "-1", "--verbose");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("\tat "), run.err());
    }

    @Test
    void versionNamesLrfinderDjlAndLibtorch() {
        Run run = lrfinder("--version");
        assertEquals(0, run.code());
        assertTrue(run.out().startsWith("lrfinder "), run.out());
        assertTrue(run.out().contains("DJL 0.35.1"), run.out());
        assertTrue(run.out().contains("libtorch 2.7.1"), run.out());
    }

    @Test
    void helpHasExamples() {
        Run run = lrfinder("find", "--help");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("Examples:"), run.out());
        assertTrue(run.out().contains("--lr-max"), run.out());
    }
}
