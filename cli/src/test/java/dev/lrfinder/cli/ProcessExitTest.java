package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * find and analyze end the process with {@code _exit} ({@link ProcessExit}): run as a user runs
 * them, in a JVM of their own, nothing they print or write is lost and their exit codes stand.
 */
class ProcessExitTest {
    @TempDir
    Path dir;

    private record Child(int code, String out, String err) {}

    private Child run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                        .replace(" ", File.pathSeparator), Main.class.getName()));
        String shim = System.getProperty("lrfinder.shim");
        if (shim != null) {
            command.add(1, "-Dlrfinder.shim=" + shim); // auto then runs natively, as the launcher has it
        }
        command.addAll(List.of(args));
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ended");
        return new Child(child.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void findsReportOnStdoutAndItsFilesAreWholeAtExit() throws Exception {
        Path folder = dir.resolve("found");
        Child find = run("find", "--runs", "2", "--steps", "60", "--format", "json", "--quiet", "--out",
                folder.toString());
        assertEquals(0, find.code(), find.err());
        JsonNode report = new ObjectMapper().readTree(find.out()); // the whole document, to its last brace
        assertEquals(2, report.get("runs").size());
        for (String file : List.of("report.json", "curves.csv", "plot.png", "plot.svg", "run-1.csv", "run-2.json")) {
            assertTrue(Files.size(folder.resolve(file)) > 0, file);
        }
        assertTrue(Files.readString(folder.resolve("plot.svg")).strip().endsWith("</svg>"), "plot.svg is whole");

        Path again = dir.resolve("again");
        Child analyze = run("analyze", folder.resolve("curves.csv").toString(), "--out", again.toString());
        assertEquals(0, analyze.code(), analyze.err());
        assertTrue(analyze.out().contains("Recommended learning rate:"), analyze.out());
        assertTrue(analyze.out().strip().endsWith(")"), "the last line, Files: ..., is printed: " + analyze.out());
        assertTrue(Files.size(again.resolve("plot.png")) > 0);
    }

    @Test
    void badInputStillExitsTwoWithItsOneLine() throws Exception {
        Child bad = run("find", "--runs", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("lrfinder: --runs = 0: must be an integer in [1, 10000]"), bad.err());
    }
}
