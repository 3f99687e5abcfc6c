package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrfinder.cli.Cli.Run;
import dev.lrfinder.nativebackend.NativeBackend;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code find --model resnet18} and {@code --model FILE.toml} end to end on the default backend (native, built here). */
class NativeArchitectureFindTest {
    @TempDir
    Path dir;

    static void assertSwept(Run run, Path out, String backend, String model) throws IOException {
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Recommended learning rate: "), run.out());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertTrue(report.at("/runs/0/info/task").asText().endsWith(", " + model), report.at("/runs/0").toString());
        JsonNode record = new ObjectMapper().readTree(out.resolve("run-1.json").toFile());
        assertEquals(backend, record.at("/run/backend").asText());
        assertEquals(20, record.at("/recordedSteps").asInt(), record.toString());
    }

    @Test
    void resnet18AndAModelFileSweepAnImageTask() throws IOException {
        String absent = NativeBackend.unavailableReason().orElse(null);
        assumeTrue(absent == null, () -> "SKIPPED, native shim absent: " + absent);
        Path out = dir.resolve("resnet");
        Run run = Cli.lrfinder("find", "--model", "resnet18", "--task", "patterns", "--samples", "32", "--batch-size",
                "2", "--steps", "20", "--divergence", "none", "--out", out.toString());
        assertTrue(run.out().contains("native backend"), run.out());
        assertSwept(run, out, "native", "resnet18");

        Path file = Path.of("..", "configs", "models", "cnn-bn.toml");
        out = dir.resolve("toml");
        run = Cli.lrfinder("find", "--model", file.toString(), "--task", "patterns", "--samples", "32",
                "--batch-size", "4", "--steps", "20", "--divergence", "none", "--out", out.toString());
        assertSwept(run, out, "native", "cnn [32,64] relu batch-norm dropout 0.25");
    }
}
