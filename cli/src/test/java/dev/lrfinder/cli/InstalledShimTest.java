package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lrfinder.task.TorchScriptFixtures;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CLI installed away from the build: the jars in a {@code lib/} folder of their own, as the CLI's
 * package lays them out, no {@code -Dlrfinder.shim} and no {@code $LRFINDER_SHIM}. With the shim
 * in {@code lib/} (where the package copies it) {@code auto} runs a TorchScript file natively;
 * without it, on djl. Needs the engine as jars (a {@code verify} or {@code install} build) and
 * the shim built.
 */
class InstalledShimTest {
    @TempDir
    Path dir;

    @Test
    void anInstalledCliFindsTheShimBesideTheEnginesJar() throws IOException, InterruptedException {
        Path shim = Path.of("..", "engine", "native", "target", "native", "liblrfinder_shim.so");
        assumeTrue(Files.isRegularFile(shim), "SKIPPED: the native shim is not built");
        List<String> entries = Arrays.asList(classPath().split(File.pathSeparator));
        assumeTrue(entries.stream().anyMatch(e -> e.matches(".*lrfinder-native-[^/]*\\.jar")),
                "SKIPPED: the engine is on the class path as classes, not jars (a test-phase build)");
        Path lib = Files.createDirectories(dir.resolve("install").resolve("lib"));
        List<String> classPath = new ArrayList<>();
        for (String entry : entries) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Files.copy(p, lib.resolve(p.getFileName()));
            } else if (!entry.isBlank()) {
                classPath.add(entry); // the CLI's own classes
            }
        }
        classPath.add(lib + File.separator + "*");

        String withoutShim = find(classPath);
        // The summary wraps at the terminal's width: read it as sentences, not lines.
        String unwrapped = withoutShim.replace("\n", " ");
        assertTrue(unwrapped.contains("djl backend (") && unwrapped.contains("auto: the native backend"
                + " cannot run here: the native shim " + "liblrfinder_shim.so is missing"), withoutShim);
        Files.copy(shim, lib.resolve("liblrfinder_shim.so"));
        String withShim = find(classPath);
        assertTrue(withShim.lines().anyMatch(l -> l.startsWith("native backend (PyTorch 1.13.1, cpu, 1 thread), auto: "
                + "the native shim is built")), withShim);
    }

    /** {@code find} on the classifier fixture in a child JVM with no shim setting; its stdout. */
    private String find(List<String> classPath) throws IOException, InterruptedException {
        Path out = Files.createTempDirectory(dir, "out").resolve("report");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-XX:TieredStopAtLevel=1",
                "-cp", String.join(File.pathSeparator, classPath), Main.class.getName(),
                "find", "--task", "blobs", "--dims", "8", "--classes", "3", "--samples", "256", "--steps", "10",
                "--runs", "1", "--model", TorchScriptFixtures.path(TorchScriptFixtures.CLASSIFIER).toString(),
                "--out", out.toString());
        builder.environment().remove("LRFINDER_SHIM");
        builder.redirectError(dir.resolve("child.err").toFile());
        Process child = builder.start();
        String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not finish");
        assertEquals(0, child.exitValue(), stdout + Files.readString(dir.resolve("child.err")));
        return stdout;
    }

    /** The test class path (surefire's manifest-only jar hides it from java.class.path). */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .replace(" ", File.pathSeparator).replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
    }
}
