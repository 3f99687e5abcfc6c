package dev.lrfinder.cli;

import static dev.lrfinder.cli.Cli.curve;
import static dev.lrfinder.cli.Cli.lrfinder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and SIGINT sent to a real {@code lrfinder} process while it writes its files, or while it
 * sweeps: the folder holds its old set or nothing, and no staging folder or folder the command made
 * is left. The child pauses after its first staged file (a test-only system property), so the
 * signal lands in the write.
 */
class SignalTest {
    /** {@code dev.lrfinder.report.FolderSwap.PAUSE_PROPERTY}. */
    private static final String PAUSE = "lrfinder.test.writePauseMillis";
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path dir;

    private Process start(List<String> args, boolean pauseInWrite) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-Djava.awt.headless=true", "-cp", classPath()));
        if (pauseInWrite) {
            command.add("-D" + PAUSE + "=60000");
        }
        command.add(Main.class.getName());
        command.addAll(args);
        return new ProcessBuilder(command)
                .redirectOutput(dir.resolve("child.out").toFile())
                .redirectError(dir.resolve("child.err").toFile())
                .start();
    }

    /** The test class path (surefire's manifest-only jar hides it from java.class.path). */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .replace(" ", File.pathSeparator).replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
    }

    /** Waits until the child has staged a file beside {@code target}: it is now pausing in the write. */
    private void awaitStaging(Process child, Path target) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        String prefix = "." + target.getFileName() + ".lrfinder-new-";
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                fail("the child ended before its write (exit " + child.exitValue() + "): " + Files.readString(dir.resolve("child.err")));
            }
            if (Files.isDirectory(target.getParent())) {
                try (Stream<Path> beside = Files.list(target.getParent())) {
                    for (Path p : beside.toList()) {
                        if (p.getFileName().toString().startsWith(prefix) && Files.exists(p.resolve("report.json"))) {
                            return;
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        child.destroyForcibly();
        fail("no staged file within " + WAIT_SECONDS + " s: " + Files.readString(dir.resolve("child.err")));
    }

    private static void signal(Process child, String name) throws IOException, InterruptedException {
        if (name.equals("TERM")) {
            child.destroy(); // SIGTERM on Unix
        } else {
            assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(child.pid())).start().waitFor());
        }
        if (!child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the child did not exit after SIG" + name);
        }
    }



    @Test
    void sigtermDuringTheWriteRemovesTheStagedFilesAndTheFoldersTheCommandMade() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Path out = work.resolve("made/by/lrfinder");
        Process child = start(List.of("analyze", curve("fastai-recorder.csv").toString(), "--out", out.toString()), true);
        awaitStaging(child, out);
        signal(child, "TERM");
        assertEquals(143, child.exitValue(), "ended by SIGTERM");
        assertEquals(List.of(), Cli.names(work), "no staging folder, and none of made/by/lrfinder");
    }

    @Test
    void sigintDuringTheWriteLeavesTheOlderReportWhole() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Path out = work.resolve("out");
        assertEquals(0, lrfinder("analyze", curve("keras-style.csv").toString(), curve("fastai-recorder.csv").toString(),
                "--out", out.toString()).code());
        Map<String, Integer> old = Cli.contents(out);
        Process child = start(List.of("analyze", "--losses", "lightning", curve("lightning-results.json").toString(), "--out",
                out.toString()), true);
        awaitStaging(child, out);
        signal(child, "INT");
        assertEquals(130, child.exitValue(), "ended by SIGINT");
        assertEquals(old, Cli.contents(out), "the older report, every file of it and nothing else");
        assertEquals(List.of("out"), Cli.names(work), "no staging folder left beside it");
    }

    @Test
    void sigtermMidSweepLeavesNothingBehind() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Path out = work.resolve("sweep/out");
        Process child = start(List.of("find", "--task", "blobs", "--samples", "256", "--widths", "16", "--steps",
                "2000000", "--runs", "1", "--divergence", "none", "--out", out.toString()), false);
        // Past start-up (the engine's libraries load in 1-3 s) and into the sweep of 2,000,000 steps.
        Thread.sleep(6000);
        assertTrue(child.isAlive(), "still sweeping: " + Files.readString(dir.resolve("child.err")));
        signal(child, "TERM");
        assertEquals(List.of(), Cli.names(work), "no folder and no file");
    }
}
