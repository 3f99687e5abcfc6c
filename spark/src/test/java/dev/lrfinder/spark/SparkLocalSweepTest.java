package dev.lrfinder.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lrfinder sweep --engine spark --master local[2]}: Spark's tasks in this JVM, one report from the driver. */
class SparkLocalSweepTest {
    @TempDir
    Path dir;

    @Test
    void everyCellIsASparkTaskAndTheDriverWritesTheOneReport() throws IOException {
        Path out = dir.resolve("local");
        SweepOnSpark.Run run = SweepOnSpark.sweep("local[2]", out, "--optimizer", "sgd,adam", "--batch-size", "16,32,64,9999");
        assertEquals(4, run.code(), "the batch size of 9999 fails its cells (256 samples): " + run.err());
        JsonNode report = SweepOnSpark.report(out);
        assertTrue(report.path("engine").asText().startsWith("spark local[2] (Spark 4.2.0, 2 task slots)"),
                report.path("engine").asText());
        assertEquals(8, report.path("cells").size());
        Set<String> ok = new HashSet<>();
        for (JsonNode cell : report.path("cells")) {
            boolean tooBig = cell.at("/axes/batch-size").asText().equals("9999");
            assertEquals(tooBig ? "failed" : "ok", cell.path("status").asText(), cell.path("reason").asText());
            if (tooBig) {
                assertTrue(cell.path("reason").asText().startsWith("bad input: --batch-size = 9999"), cell.toString());
                assertEquals(0, cell.path("attempt").asInt(), "a cell's own failure is not retried by Spark");
            } else {
                assertTrue(cell.path("worker").asText().startsWith("executor driver@"), cell.path("worker").asText());
                assertTrue(Files.isRegularFile(out.resolve(cell.path("folder").asText()).resolve("report.json")));
                ok.add(cell.path("folder").asText());
            }
        }
        assertEquals(6, ok.size());
        assertEquals(2, report.path("scaling").size(), "one fit per optimizer over the three batch sizes that ran");
        assertTrue(run.out().contains("cells: 6 ok, 0 without a suggestion, 2 failed"), run.out());
    }
}
