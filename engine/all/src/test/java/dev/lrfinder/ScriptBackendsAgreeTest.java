package dev.lrfinder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same TorchScript file on the same data, batches and rate: the djl backend (DJL's libtorch
 * 2.7.1) and the native one (the machine's libtorch) give the same first losses within float
 * tolerance, with plain SGD, momentum and Adam, on a scripted classifier with batch norm and a
 * frozen parameter and on a traced regressor. Each backend runs in a child JVM of its own
 * ({@link ScriptFirstSteps}): one libtorch per process.
 */
class ScriptBackendsAgreeTest {
    /** Relative: two libtorch builds differ in their kernels' summation order, about 1e-7 per op. */
    private static final double TOLERANCE = 1e-5;

    @Test
    void theFirstStepsAgreeBetweenTheBackends() throws IOException, InterruptedException {
        List<String> nativeLines = firstSteps("native");
        assumeFalse(nativeLines.getFirst().startsWith("UNAVAILABLE"), () -> "SKIPPED, " + nativeLines.getFirst());
        Map<String, double[]> onNative = parse(nativeLines);
        Map<String, double[]> onDjl = parse(firstSteps("djl"));
        assertEquals(onNative.keySet(), onDjl.keySet());
        for (String name : onNative.keySet()) {
            double[] n = onNative.get(name);
            double[] d = onDjl.get(name);
            assertEquals(ScriptFirstSteps.STEPS, n.length, name);
            for (int i = 0; i < n.length; i++) {
                assertTrue(Double.isFinite(n[i]), name + " step " + i + ": " + n[i]);
                assertEquals(n[i], d[i], TOLERANCE * Math.abs(n[i]), name + " step " + i);
            }
            // the steps train: a sweep whose model never moved would agree as well
            assertTrue(n[0] != n[n.length - 1], name + " did not change its loss: " + n[0]);
        }
    }

    private static Map<String, double[]> parse(List<String> lines) {
        Map<String, double[]> cases = new LinkedHashMap<>();
        for (String line : lines) {
            String[] fields = line.split(" ");
            double[] losses = new double[fields.length - 1];
            for (int i = 1; i < fields.length; i++) {
                losses[i - 1] = Double.parseDouble(fields[i]);
            }
            cases.put(fields[0], losses);
        }
        return cases;
    }

    private static List<String> firstSteps(String backend) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath()));
        String shim = System.getProperty("lrfinder.shim");
        if (shim != null) {
            command.add("-Dlrfinder.shim=" + shim);
        }
        command.add(ScriptFirstSteps.class.getName());
        command.add(backend);
        Process child = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), backend + " did not finish");
        assertEquals(0, child.exitValue(), backend + ": " + err);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** The test class path (surefire's manifest-only jar hides it from java.class.path). */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .replace(" ", File.pathSeparator).replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
    }
}
