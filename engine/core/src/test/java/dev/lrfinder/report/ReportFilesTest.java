package dev.lrfinder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.analysis.Smoothing;
import dev.lrfinder.sweep.LossCurve;
import dev.lrfinder.sweep.Precision;
import dev.lrfinder.sweep.RunInfo;
import dev.lrfinder.sweep.StepTimes;
import dev.lrfinder.sweep.StopReason;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
    @TempDir
    Path dir;

    private static final LossCurve CURVE =
            new LossCurve(new double[] {1e-7, 1e-3, 10}, new double[] {2.3, 0.5, Double.NaN}, StopReason.NON_FINITE, 3);

    @Test
    void curveCsvHasTheHeaderAndEveryStepInFull() throws IOException {
        Path file = dir.resolve("curve.csv");
        CurveCsv.write(file, CURVE);
        assertEquals(List.of("step,lr,loss", "0,1.0E-7,2.3", "1,0.001,0.5", "2,10.0,NaN"), Files.readAllLines(file));
    }

    @Test
    void runRecordHoldsRunInfoAndConfig() throws IOException {
        SweepConfig config = SweepConfig.builder().optSteps(3).optPrecision(Precision.BF16).build();
        RunInfo info = new RunInfo("djl", "PyTorch", "2.7.1", "DJL 0.35.1", "cpu", 1, 42, "blobs",
                Instant.parse("2026-11-22T20:00:00Z"), 0.5, 6, new StepTimes(2.0, 3.0, 9.0), StopReason.NON_FINITE);
        Path file = dir.resolve("run.json");
        RunRecord.write(file, new SweepResult(config, CURVE, info));
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals("PyTorch", json.at("/run/engine").asText());
        assertEquals("2.7.1", json.at("/run/engineVersion").asText());
        assertEquals("cpu", json.at("/run/device").asText());
        assertEquals(1, json.at("/run/threads").asInt());
        assertEquals(0.5, json.at("/run/wallTimeSeconds").asDouble());
        assertEquals(3.0, json.at("/run/stepMillis/p90").asDouble());
        assertEquals("NON_FINITE", json.at("/stopReason").asText());
        assertEquals("exponential", json.at("/config/schedule").asText());
        assertEquals("4.0", json.at("/config/divergence").asText());
        assertEquals("sgd", json.at("/config/optimizer/kind").asText());
        assertEquals("bf16", json.at("/config/precision").asText());
        assertEquals(3, json.at("/recordedSteps").asInt());
    }

    @Test
    void atomicWriteReplacesWholeOrLeavesTheOldFile() throws IOException {
        Path file = dir.resolve("data.txt");
        AtomicFiles.writeString(file, "old");
        var e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
        AtomicFiles.writeString(file, "new");
        assertEquals("new", Files.readString(file));
    }

    @Test
    void curvesCsvHoldsEveryRunWithItsSmoothedLossAndLeavesCutPointsEmpty() {
        double[] lrs = {1e-3, 1e-2, 1e-1};
        double[] losses = {2.0, 1.0, Double.NaN};
        AnalysisResult analysis = CurveAnalysis.analyze(lrs, losses,
                AnalysisOptions.builder().optSmoothing(Smoothing.none()).build());
        String csv = CurveCsv.runsCsv(List.of(AnalyzedRun.ofCurve("a.csv", lrs, losses, analysis),
                AnalyzedRun.ofCurve("b.csv", lrs, losses, analysis)));
        assertEquals(List.of("run,step,lr,loss,smoothed_loss", "1,0,0.001,2.0,2.0", "1,1,0.01,1.0,1.0", "1,2,0.1,NaN,",
                "2,0,0.001,2.0,2.0", "2,1,0.01,1.0,1.0", "2,2,0.1,NaN,"), csv.lines().toList());
    }

    @Test
    void atomicWriteCreatesMissingFolders() throws IOException {
        Path file = dir.resolve("a/b/c.txt");
        AtomicFiles.writeString(file, "x");
        assertTrue(Files.isRegularFile(file));
    }
}
