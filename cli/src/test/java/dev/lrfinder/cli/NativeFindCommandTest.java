package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrfinder.cli.Cli.Run;
import dev.lrfinder.nativebackend.NativeBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lrfinder find --backend native}, in a JVM of its own (one libtorch per process). */
class NativeFindCommandTest {
    @TempDir
    Path dir;

    @Test
    void findOnTheNativeBackendWritesTheSameReports() throws IOException {
        String absent = NativeBackend.unavailableReason().orElse(null);
        assumeTrue(absent == null, () -> "SKIPPED, native shim absent: " + absent);
        Path out = dir.resolve("result");
        Run run = Cli.lrfinder("find", "--backend", "native", "--task", "blobs", "--samples", "256",
                "--widths", "16", "--steps", "60", "--runs", "2", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Recommended learning rate: "), run.out());
        assertTrue(run.err().contains("run 2/2"), run.err());
        List<String> csv = Files.readAllLines(out.resolve("run-1.csv"));
        assertEquals("step,lr,loss", csv.get(0));
        assertEquals(1e-7, Double.parseDouble(csv.get(1).split(",")[1]), 0);
        JsonNode record = new ObjectMapper().readTree(out.resolve("run-2.json").toFile());
        assertEquals("native", record.at("/run/backend").asText());
        assertEquals("1.13.1", record.at("/run/engineVersion").asText());
        assertEquals("cpu", record.at("/run/device").asText());
        assertEquals(43, record.at("/config/seed").asLong());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(2, report.at("/runs").size());
    }

    @Test
    void findRunsOnTheNativeBackendByDefaultSaysWhyAndRunsAtOnceChangeNoCurve() throws IOException {
        String absent = NativeBackend.unavailableReason().orElse(null);
        assumeTrue(absent == null, () -> "SKIPPED, native shim absent: " + absent);
        String[] task = {"find", "--task", "blobs", "--samples", "256", "--widths", "16", "--steps", "60", "--runs", "3"};
        Path oneByOne = dir.resolve("one-by-one");
        Path atOnce = dir.resolve("at-once");
        Run one = Cli.lrfinder(concat(task, "--parallel", "1", "--out", oneByOne.toString()));
        Run three = Cli.lrfinder(concat(task, "--parallel", "3", "--out", atOnce.toString()));
        assertEquals(0, one.code(), one.err());
        assertEquals(0, three.code(), three.err());
        assertTrue(one.out().lines().anyMatch(l -> l.equals(
                        "native backend (PyTorch 1.13.1, cpu, 1 thread), auto: the native shim is built and runs this model")),
                one.out());
        JsonNode report = new ObjectMapper().readTree(oneByOne.resolve("report.json").toFile());
        assertEquals("auto", report.at("/backend/requested").asText());
        assertEquals("native", report.at("/backend/chosen").asText());
        assertEquals("the native shim is built and runs this model", report.at("/backend/reason").asText());
        assertEquals(Files.readString(oneByOne.resolve("curves.csv")), Files.readString(atOnce.resolve("curves.csv")),
                "3 runs at once sweep the curves of 3 runs one after another");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    void aGpuOnAMachineWithoutOneIsBadInputNamingTheOption() {
        String absent = NativeBackend.unavailableReason().orElse(null);
        assumeTrue(absent == null, () -> "SKIPPED, native shim absent: " + absent);
        Run run = Cli.lrfinder("find", "--backend", "native", "--device", "cuda:7", "--task", "blobs",
                "--samples", "64", "--steps", "10", "--runs", "1", "--out", dir.resolve("gpu").toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().startsWith("lrfinder: --device = cuda:7: must be a CUDA device this libtorch sees"),
                run.err());
    }

    @Test
    void theDjlBackendRefusesAGpu() {
        Run run = Cli.lrfinder("find", "--backend", "djl", "--device", "cuda:0");
        assertEquals(2, run.code());
        assertEquals("lrfinder: --device = cuda:0: must be cpu for the djl backend (use --backend native for a GPU)",
                run.err().lines().findFirst().orElseThrow());
    }
}
