package dev.lrfinder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java example in the README, run exactly as printed: each block is saved as a source file
 * and run by the JDK's source launcher in a JVM of its own (one libtorch per process). An example
 * that imports only the core gets a class path of the core and its two libraries and nothing else,
 * which is the proof that the core works without DJL, libtorch or the plots.
 */
class ReadmeExamplesTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern LRFINDER_IMPORT = Pattern.compile("^import (?:static )?dev\\.lrfinder\\.(\\w+)",
            Pattern.MULTILINE);
    /** The core's packages; an example importing nothing else runs on the core's class path alone. */
    private static final List<String> CORE_PACKAGES = List.of("analysis", "base", "curves", "report", "sweep", "task");

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> everyJavaExampleInTheReadmeRunsAsPrinted() throws IOException {
        String readme = Files.readString(repositoryRoot().resolve("README.md"));
        List<String> examples = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            examples.add(m.group(1));
        }
        assertTrue(examples.size() >= 4, "found only " + examples.size() + " java blocks in README.md");
        assertTrue(examples.stream().anyMatch(ReadmeExamplesTest::usesCoreOnly), "no README example runs on the core alone");
        return examples.stream().map(source -> DynamicTest.dynamicTest(firstLrfinderUse(source), () -> run(source)));
    }

    private void run(String source) throws Exception {
        boolean nativeExample = source.contains("dev.lrfinder.nativebackend");
        if (nativeExample) {
            String absent = dev.lrfinder.nativebackend.NativeBackend.unavailableReason().orElse(null);
            assumeTrue(absent == null, () -> "SKIPPED, native shim absent: " + absent);
        }
        Path dir = Files.createTempDirectory(work, "example");
        Path file = dir.resolve("Example.java");
        Files.writeString(file, source);
        // What the examples read: a TorchScript model (8 inputs, 3 classes) and a recorded curve.
        try (InputStream model = getClass().getResourceAsStream("/torchscript/classifier.pt")) {
            Files.copy(model, dir.resolve("classifier.pt"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(dir.resolve("lr_find.csv"), recordedCurve());
        boolean coreOnly = usesCoreOnly(source);
        String classPath = coreOnly ? coreClassPath() : System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath));
        String shim = System.getProperty("lrfinder.shim");
        if (shim != null) {
            command.add("-Dlrfinder.shim=" + shim);
        }
        command.add(file.getFileName().toString());
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("output.txt").toFile()).start();
        boolean finished = process.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(dir.resolve("output.txt"), StandardCharsets.UTF_8);
        assertTrue(finished, "the example did not finish in 180 s:\n" + output);
        assertEquals(0, process.exitValue(), "exit code; output:\n" + output);
        assertTrue(!output.isBlank(), "the example printed nothing");
        if (source.contains("recommendation()")) {
            assertTrue(Pattern.compile("(?m)^lr \\d").matcher(output).find(), "no 'lr <number>' line:\n" + output);
        }
        if (coreOnly) {
            assertTrue(!classPath.contains("djl") && !classPath.contains("xchart"), classPath);
        }
    }

    /** A range-test curve as a Python tool would dump it: flat, falling from lr 1e-3, exploding past 1. */
    private static String recordedCurve() {
        StringBuilder csv = new StringBuilder("lr,loss\n");
        for (int i = 0; i < 100; i++) {
            double logLr = -7 + 8 * i / 99.0;
            double fall = 1 / (1 + Math.exp(-3 * (logLr + 2)));
            double blowUp = logLr > 0 ? Math.exp(4 * logLr) - 1 : 0;
            csv.append(Math.pow(10, logLr)).append(',').append(2.3 - 1.8 * fall + blowUp + 0.01 * Math.sin(i)).append('\n');
        }
        return csv.toString();
    }

    private static boolean usesCoreOnly(String source) {
        Matcher m = LRFINDER_IMPORT.matcher(source);
        boolean any = false;
        while (m.find()) {
            any = true;
            if (!CORE_PACKAGES.contains(m.group(1))) {
                return false;
            }
        }
        return any && !source.contains("import ai.djl");
    }

    /** The core's own classes or jar, commons-math3 and Jackson: what lrfinder-core's POM brings. */
    private static String coreClassPath() {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = entry.replace('\\', '/');
            boolean core = (name.contains("/engine/core/target/") && !name.contains("test"))
                    || name.contains("/lrfinder-core-") && !name.contains("tests");
            if (core || name.contains("/commons-math3-") || name.contains("/jackson-")) {
                kept.add(entry);
            }
        }
        assertTrue(kept.stream().anyMatch(e -> e.contains("core")), "the core is not on the test's class path");
        return String.join(java.io.File.pathSeparator, kept);
    }

    private static String firstLrfinderUse(String source) {
        Matcher m = Pattern.compile("(LrFinder|DjlRangeTest|NativeRangeTest|CurveAnalysis|\\w+Curves?\\w*)\\b").matcher(source);
        return m.find() ? "example using " + m.group(1) : "example";
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("native-scripts")))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no repository root above " + Path.of("").toAbsolutePath());
        return dir;
    }
}
