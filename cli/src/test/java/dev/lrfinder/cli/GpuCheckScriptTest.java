package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lrfinder.nativebackend.NativeBackend;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code native-scripts/gpu-check --device cpu}: the GPU machine's script, every step run small on
 * this CPU with the command line built here. Its table has every row, each measured or saying why not.
 */
class GpuCheckScriptTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A number as the table prints it (thousands separated). */
    private static final String NUMBER = "[0-9][0-9,]*(\\.[0-9]+)?";

    @TempDir
    Path out;

    @Test
    void theCpuRunPrintsAndWritesEveryRow() throws IOException, InterruptedException {
        String absent = NativeBackend.unavailableReason().orElse(null);
        assumeTrue(absent == null, () -> "SKIPPED, native shim absent: " + absent);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .replace(" ", File.pathSeparator);
        String cli = String.join(" ", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-Djava.awt.headless=true",
                "-Dlrfinder.shim=" + ROOT.resolve("engine/native/target/native/liblrfinder_shim.so"),
                "-cp", classPath, Main.class.getName());
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("native-scripts/gpu-check").toString(), "--device", "cpu")
                .redirectOutput(out.resolve("stdout").toFile())
                .redirectError(out.resolve("stderr").toFile());
        builder.environment().put("LRFINDER_CLI", cli);
        builder.environment().put("OUT", out.toString());
        Process script = builder.start();
        assertTrue(script.waitFor(180, TimeUnit.SECONDS), "gpu-check --device cpu still running after 180 s");
        String printed = Files.readString(out.resolve("stdout"));
        assertEquals(0, script.exitValue(), printed + Files.readString(out.resolve("stderr")));
        assertEquals(printed.strip(), Files.readString(out.resolve("gpu-check.md")).strip(), "the table in $OUT");

        List<String> rows = printed.lines().filter(l -> l.startsWith("| ")).toList();
        assertEquals("| check | steps/s per run | steps/s all runs | vs peer | wall s | peak MiB | vs K=1 |", rows.get(0));
        assertMeasured(rows, "find, default task (3 runs, 100 steps)");
        assertMeasured(rows, "MLP 784-256-256-10, K = 1, graphs off");
        assertMeasured(rows, "MLP, K = 4 batched replicas, graphs off");
        assertMeasured(rows, "MLP, K = 16 batched replicas, graphs off");
        String refused = "refused here: lrfinder: --cuda-graphs = on: must be off on device cpu";
        assertTrue(row(rows, "MLP, K = 1, graphs on").contains(refused), row(rows, "MLP, K = 1, graphs on"));
        assertTrue(row(rows, "MLP, K = 16 batched replicas, graphs on").contains(refused));
        String peer = row(rows, "Python peer, MLP");
        assertTrue(peer.contains("skipped: /usr/bin/python3 has no torch") || Pattern.compile("\\| " + NUMBER + " \\|")
                .matcher(peer).find(), peer);
        String resnet = row(rows, "ResNet-18 3x32x32, K = 1");
        assertTrue(resnet.contains("resnet18 not available in this build") || resnet.matches(
                "\\| ResNet-18 3x32x32, K = 1 \\| " + NUMBER + " .*"), resnet);
        String resnetPeer = row(rows, "Python peer, ResNet-18");
        assertTrue(resnetPeer.contains("skipped:") || resnetPeer.contains("not available in this build") || Pattern.compile("\\| " + NUMBER + " \\|").matcher(resnetPeer).find(),
                resnetPeer);
        assertTrue(row(rows, "MLP, K = 16 batched replicas, graphs off").matches(".*\\| " + NUMBER + "x \\|$"),
                "the replica scaling column");
    }

    private static String row(List<String> rows, String check) {
        return rows.stream().filter(r -> r.startsWith("| " + check)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + check + " in " + rows));
    }

    /** Steps per run, all runs, wall time and memory are numbers. */
    private static void assertMeasured(List<String> rows, String check) {
        String row = row(rows, check);
        String cells = "\\| " + Pattern.quote(check) + " \\| " + NUMBER + " \\| " + NUMBER + " \\| .* \\| " + NUMBER
                + " \\| " + NUMBER + " \\| .*";
        assertTrue(row.matches(cells), row);
    }
}
