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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code find --replicas}, {@code --precision} and {@code --cuda-graphs} on the native backend (CPU). */
class ReplicasFindCommandTest {
    private static final String[] TASK = {"find", "--backend", "native", "--task", "blobs", "--samples", "256",
        "--widths", "16", "--steps", "60", "--runs", "3", "--quiet", "--no-verify"};

    @TempDir
    Path dir;

    @BeforeEach
    void needsTheShim() {
        String absent = NativeBackend.unavailableReason().orElse(null);
        assumeTrue(absent == null, () -> "SKIPPED, native shim absent: " + absent);
    }

    private static String[] with(String... tail) {
        String[] all = java.util.Arrays.copyOf(TASK, TASK.length + tail.length);
        System.arraycopy(tail, 0, all, TASK.length, tail.length);
        return all;
    }

    private static double recommended(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("report.json").toFile()).at("/aggregate/recommendation/lr").asDouble();
    }

    @Test
    void batchedReplicasRecommendWhatRunsOneByOneDo() throws IOException {
        Path batched = dir.resolve("batched");
        Path alone = dir.resolve("alone");
        Run three = Cli.lrfinder(with("--replicas", "3", "--out", batched.toString()));
        Run one = Cli.lrfinder(with("--replicas", "1", "--out", alone.toString()));
        assertEquals(0, three.code(), three.err());
        assertEquals(0, one.code(), one.err());
        JsonNode record = new ObjectMapper().readTree(batched.resolve("run-3.json").toFile());
        assertEquals("lrfinder shim 0.5.0, 3 batched replicas", record.at("/run/binding").asText());
        assertEquals(44, record.at("/config/seed").asLong());
        assertEquals("fp32", record.at("/config/precision").asText());
        double lr = recommended(alone);
        assertTrue(lr > 0, "no recommendation");
        assertEquals(lr, recommended(batched), 0.02 * lr, "the batched runs' recommendation");
    }

    @Test
    void bf16IsRecordedAndPrinted() throws IOException {
        Path out = dir.resolve("bf16");
        Run run = Cli.lrfinder("find", "--backend", "native", "--task", "blobs", "--samples", "256", "--widths", "16",
                "--steps", "30", "--runs", "1", "--precision", "bf16", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("native backend (PyTorch 1.13.1, cpu, 1 thread, bf16 autocast)"), run.out());
        JsonNode record = new ObjectMapper().readTree(out.resolve("run-1.json").toFile());
        assertEquals("bf16", record.at("/config/precision").asText());
    }

    @Test
    void whatTheCpuOrTheBackendCannotDoIsOneLineAndExitTwo() {
        assertRefused(Cli.lrfinder(with("--precision", "fp16")),
                "lrfinder: --precision = fp16: must be fp32 or bf16 on cpu (fp16 needs a CUDA device)");
        assertRefused(Cli.lrfinder(with("--cuda-graphs", "on")),
                "lrfinder: --cuda-graphs = on: must be off on device cpu (CUDA graphs need --device cuda)");
        assertRefused(Cli.lrfinder(with("--cuda-graphs", "yes")), "lrfinder: --cuda-graphs = yes: must be on or off");
        assertRefused(Cli.lrfinder(with("--replicas", "2", "--augment-noise", "0.1")), "lrfinder: --replicas = 2: must be 1 here:");
    }

    private static void assertRefused(Run run, String line) {
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().startsWith(line), run.err());
        assertEquals(2, run.err().lines().count(), "one line and the --help hint: " + run.err());
    }
}
