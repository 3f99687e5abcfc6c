package dev.lrfinder.cli;

import static dev.lrfinder.cli.Cli.lrfinder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lrfinder sweep} in this JVM, as a user runs it: the cells, the files, resume, failed cells, bad input. */
class SweepCommandTest {
    @TempDir
    Path dir;

    /** Small cells on djl (this class's JVM runs DJL's libtorch): a few hundred milliseconds each. */
    private static final String[] SMALL = {"--backend", "djl", "--task", "blobs", "--samples", "256", "--widths", "16",
        "--steps", "50", "--runs", "2"};

    private static Cli.Run sweep(String... more) {
        return lrfinder(Stream.concat(Stream.concat(Stream.of("sweep"), Stream.of(SMALL)), Stream.of(more))
                .toArray(String[]::new));
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    private static List<Map<String, String>> table(Path csv) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (var it = new CsvMapper().readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader())
                .<Map<String, String>>readValues(csv.toFile())) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void commaListsMakeTheGridAndEveryCellGetsItsFolderRowAndFullReport() throws IOException {
        Path out = dir.resolve("grid");
        Cli.Run run = sweep("--optimizer", "sgd,adam", "--batch-size", "16,32,64", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode report = json(out.resolve("report.json"));
        assertEquals(6, report.path("cells").size());
        assertEquals("[\"sgd\",\"adam\"]", report.at("/axes/optimizer").toString());
        assertEquals("[\"16\",\"32\",\"64\"]", report.at("/axes/batch-size").toString());
        for (JsonNode cell : report.path("cells")) {
            assertEquals("ok", cell.path("status").asText(), cell.toString());
            Path folder = out.resolve(cell.path("folder").asText());
            assertTrue(Files.isRegularFile(folder.resolve("plot.png")), folder.toString());
            assertEquals(2, cell.at("/report/runs").size(), "the cell's own report, in full");
            assertEquals(json(folder.resolve("report.json")), cell.path("report"), "the same report as the cell folder's");
            assertEquals(cell.path("axes").path("batch-size").asInt(), cell.at("/report/config/batchSize").asInt());
            assertEquals(cell.path("axes").path("optimizer").asText(), cell.at("/report/config/optimizer/kind").asText());
            double lr = cell.path("lr").asDouble();
            // The cell's answer is its find's verified rate; the interval is its range tests' own.
            assertEquals(cell.at("/report/aggregate/recommendation/lr").asDouble(), lr);
            assertEquals(cell.at("/report/verification/verifiedLr").asDouble(), lr);
            double rangeTestLr = cell.path("rangeTestLr").asDouble();
            // One run: the interval is that run's answer, which may differ from it in the last bit.
            assertTrue(cell.at("/ci95/0").asDouble() <= rangeTestLr * (1 + 1e-12)
                    && rangeTestLr <= cell.at("/ci95/1").asDouble() * (1 + 1e-12), cell.toString());
        }
        List<Map<String, String>> rows = table(out.resolve("cells.csv"));
        assertEquals(6, rows.size());
        assertEquals("optimizer-sgd_batch-size-16", rows.get(0).get("cell"));
        assertEquals("adam", rows.get(5).get("optimizer"));
        assertEquals("64", rows.get(5).get("batch-size"));
        assertEquals(report.at("/cells/5/lr").asDouble(), Double.parseDouble(rows.get(5).get("lr")));
        // one fit per optimizer over its three batch sizes, its plot beside it
        assertEquals(2, report.path("scaling").size());
        for (JsonNode fit : report.path("scaling")) {
            assertEquals(6, fit.path("points").asInt(), "2 runs x 3 batch sizes");
            assertTrue(fit.at("/ci95/0").asDouble() <= fit.path("exponent").asDouble());
            assertTrue(Files.size(out.resolve(fit.path("plot").asText())) > 1000);
            assertTrue(List.of("admitted", "rejected").contains(fit.path("linearRule").asText()));
        }
        assertTrue(List.of("sgd", "adam").contains(report.at("/goodRange/widest").asText()), report.path("goodRange").toString());
        assertTrue(run.out().contains("sgd: lr ~ B^"), run.out());
        assertTrue(run.out().contains("widest good range"), run.out());
        assertTrue(run.err().contains("cell 6/6 "), run.err());
    }

    @Test
    void aFailedCellIsReportedWithItsReasonNeverDroppedAndTheExitCodeSaysSo() throws IOException {
        Path out = dir.resolve("failed");
        // 512 is more than the 256 samples: that cell cannot run; the others do.
        Cli.Run run = sweep("--batch-size", "16,512,32", "--out", out.toString());
        assertEquals(ExitCodes.CELLS_FAILED, run.code(), run.err());
        JsonNode report = json(out.resolve("report.json"));
        assertEquals(3, report.path("cells").size());
        JsonNode bad = report.at("/cells/1");
        assertEquals("failed", bad.path("status").asText());
        assertTrue(bad.path("reason").asText().contains("--batch-size = 512"), bad.path("reason").asText());
        assertFalse(Files.exists(out.resolve("cells/batch-size-512")), "a failed cell has no folder");
        assertEquals("failed", table(out.resolve("cells.csv")).get(1).get("status"));
        assertEquals("ok", report.at("/cells/2/status").asText());
        assertEquals(1, report.at("/counts/failed").asInt());
        assertTrue(run.out().contains("batch-size-512  failed: bad input: --batch-size = 512"), run.out());
    }

    @Test
    void resumeKeepsTheCompleteCellsAndRunsTheRest() throws IOException {
        Path out = dir.resolve("resume");
        assertEquals(0, sweep("--optimizer", "sgd,adam", "--out", out.toString()).code());
        Path kept = out.resolve("cells/optimizer-sgd/report.json");
        FileTime before = Files.getLastModifiedTime(kept);
        // a killed sweep: one cell's folder never appeared
        deleteTree(out.resolve("cells/optimizer-adam"));

        Cli.Run again = sweep("--optimizer", "sgd,adam", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, again.code(), "an earlier sweep's folder needs --resume");
        assertTrue(again.firstErrLine().contains("holds an earlier sweep"), again.err());

        Cli.Run resumed = sweep("--optimizer", "sgd,adam", "--out", out.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(before, Files.getLastModifiedTime(kept), "the complete cell is not run again");
        JsonNode report = json(out.resolve("report.json"));
        assertTrue(report.at("/cells/0/resumed").asBoolean());
        assertFalse(report.at("/cells/1/resumed").asBoolean());
        assertEquals("ok", report.at("/cells/1/status").asText());
        assertTrue(Files.isRegularFile(out.resolve("cells/optimizer-adam/report.json")));
        assertTrue(resumed.err().contains("1 of 2 cells kept"), resumed.err());
        assertTrue(resumed.err().contains("cell 1/1 optimizer-adam"), resumed.err());

        // other options for the same folder names: nothing is kept
        Cli.Run changed = sweep("--optimizer", "sgd,adam", "--lr-max", "1", "--out", out.toString(), "--resume");
        assertEquals(0, changed.code(), changed.err());
        assertEquals(0, json(out.resolve("report.json")).at("/counts/resumed").asInt());

        // a cell folder missing one of its files (its plot deleted) is run again, the complete one kept
        Files.delete(out.resolve("cells/optimizer-sgd/plot.png"));
        Cli.Run repaired = sweep("--optimizer", "sgd,adam", "--lr-max", "1", "--out", out.toString(), "--resume");
        assertEquals(0, repaired.code(), repaired.err());
        assertTrue(repaired.err().contains("1 of 2 cells kept"), repaired.err());
        assertTrue(repaired.err().contains("cell 1/1 optimizer-sgd"), repaired.err());
        assertTrue(Files.isRegularFile(out.resolve("cells/optimizer-sgd/plot.png")));
    }

    @Test
    void resumeWithoutOutContinuesTheNewestSweepOfThisGridOrSaysThereIsNone() throws IOException {
        Path parent = dir.resolve("lrfinder-sweeps");
        List<SweepCell> cells = SweepGrid.of(null, List.of("--optimizer", "sgd,adam")).cells();
        List<SweepCell> others = SweepGrid.of(null, List.of("--optimizer", "sgd,rmsprop")).cells();
        var none = assertThrows(BadInputException.class, () -> SweepFolder.newestEarlier(parent, cells));
        assertEquals("--resume: must be given with --out naming the sweep's folder: no earlier sweep of this grid under "
                + parent, none.getMessage());
        String[] names = {"20261201-100000", "20261202-100000", "20261203-100000"};
        for (int i = 0; i < names.length; i++) {
            SweepFolder.open(parent.resolve(names[i]), false).writePlan(i < 2 ? cells : others);
            Files.setLastModifiedTime(parent.resolve(names[i]).resolve(SweepFolder.PLAN), FileTime.fromMillis(1000L * i));
        }
        assertEquals(parent.resolve(names[1]), SweepFolder.newestEarlier(parent, cells), "the newest of this grid");
        assertEquals(parent.resolve(names[2]), SweepFolder.newestEarlier(parent, others));
        var otherGrid = assertThrows(BadInputException.class,
                () -> SweepFolder.newestEarlier(parent, SweepGrid.of(null, List.of("--optimizer", "adam,rmsprop")).cells()));
        assertTrue(otherGrid.getMessage().endsWith("under " + parent + " (3 of other grids or options)"), otherGrid.getMessage());

        // from the command line (no lrfinder-sweeps in this module's folder holds this grid): one line, nothing run
        Cli.Run refused = sweep("--optimizer", "sgd,momentum", "--lr-max", "0.37", "--resume");
        assertEquals(ExitCodes.USAGE, refused.code(), refused.err());
        assertTrue(refused.firstErrLine().startsWith("lrfinder: --resume: must be given with --out naming the sweep's"
                + " folder: no earlier sweep of this grid under lrfinder-sweeps"), refused.err());
    }

    @Test
    void aTomlGridGivesTheAxesAndTheCommandLineReplacesItsKeys() throws IOException {
        Path grid = dir.resolve("grid.toml");
        Files.writeString(grid, """
                # two models, two width sets, fixed steps
                model = ["mlp"]
                widths = [[8], [16, 16]]
                optimizer = ["sgd", "adam", "momentum"]
                steps = 40
                """);
        Path out = dir.resolve("toml");
        Cli.Run run = lrfinder("sweep", "--backend", "djl", "--task", "blobs", "--samples", "256", "--runs", "2",
                "--grid", grid.toString(), "--optimizer", "adam", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode report = json(out.resolve("report.json"));
        assertEquals(2, report.path("cells").size(), "widths is the one axis; the command line fixed the optimizer");
        assertEquals("8", report.at("/cells/0/axes/widths").asText());
        assertEquals("16,16", report.at("/cells/1/axes/widths").asText());
        assertEquals("adam", report.at("/cells/1/report/config/optimizer/kind").asText());
        assertEquals(40, report.at("/cells/0/report/config/steps").asInt());
        assertTrue(run.out().contains("no batch-size axis: no scaling fit"), run.out());
    }

    @Test
    void badInputIsOneLineNamingItAndNothingRuns() throws IOException {
        Path out = dir.resolve("bad");
        Cli.Run unknown = sweep("--optimiser", "sgd,adam", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, unknown.code());
        assertTrue(unknown.firstErrLine().startsWith("lrfinder: --optimiser: must be an option of 'lrfinder find'"),
                unknown.err());
        Cli.Run badValue = sweep("--batch-size", "16,abc", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, badValue.code());
        assertTrue(badValue.firstErrLine().contains("cell batch-size-abc: ") && badValue.firstErrLine().contains("'abc'"),
                badValue.err());
        Cli.Run twice = sweep("--optimizer", "sgd,sgd", "--out", out.toString());
        assertTrue(twice.firstErrLine().contains("--optimizer = sgd,sgd: must list each value once"), twice.err());
        Cli.Run spark = sweep("--engine", "spark", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, spark.code());
        assertTrue(spark.firstErrLine().startsWith("lrfinder: --engine = spark: needs lrfinder-spark's jars on the class path"),
                spark.err());
        for (String bad : List.of("bogus", "local[0]", "spark://head")) { // Spark's own refusal was a 21-line trace
            Cli.Run refused = sweep("--engine", "spark", "--master", bad, "--out", out.toString());
            assertEquals(ExitCodes.USAGE, refused.code(), refused.err());
            assertTrue(refused.firstErrLine().startsWith("lrfinder: --master = " + bad + ": must be one of Spark's master"
                    + " URLs: local, local[N], local[*]"), refused.err());
            assertEquals(2, refused.err().lines().count(), "the line and the hint: " + refused.err());
        }
        Cli.Run master = sweep("--master", "local[2]", "--out", out.toString());
        assertTrue(master.firstErrLine().contains("--master = local[2]: must be given with --engine spark only"), master.err());
        Path toml = dir.resolve("g.toml");
        Files.writeString(toml, "out = \"x\"\n");
        Cli.Run own = sweep("--grid", toml.toString(), "--out", out.toString());
        assertTrue(own.firstErrLine().contains("unknown key 'out'") && own.firstErrLine().contains("the sweep's own option"),
                own.err());
        assertFalse(Files.exists(out), "nothing is left behind to block the corrected command");
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
