package dev.lrfinder.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.analysis.Method;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report folder as one set: the whole new one or the whole old one, never a mix, nothing left beside it. */
class ReportFolderTest {
    @TempDir
    Path dir;

    private static Map<String, byte[]> set(String tag, int runs) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("report.json", ("{\"tag\": \"" + tag + "\"}\n").getBytes(StandardCharsets.UTF_8));
        files.put("curves.csv", (tag + "\n").getBytes(StandardCharsets.UTF_8));
        files.put("plot.png", new byte[] {1, 2, 3});
        for (int r = 1; r <= runs; r++) {
            files.put("run-" + r + ".csv", (tag + " " + r).getBytes(StandardCharsets.UTF_8));
            files.put("run-" + r + ".json", "{}".getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    /** The folder's files and their contents, for comparing whole sets. */
    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                contents.put(f.getFileName().toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return contents;
    }

    private static Map<String, String> asContents(Map<String, byte[]> files) {
        Map<String, String> contents = new TreeMap<>();
        files.forEach((name, bytes) -> contents.put(name, new String(bytes, StandardCharsets.ISO_8859_1)));
        return contents;
    }

    private List<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aOneRunReportReplacesASevenRunOneWholly() throws IOException {
        Path out = dir.resolve("out");
        ReportFolder.write(out, set("old", 7));
        assertTrue(Files.exists(out.resolve("run-7.csv")));
        Path written = ReportFolder.write(out, set("new", 1));
        assertEquals(out.toAbsolutePath(), written);
        assertEquals(asContents(set("new", 1)), contents(out), "no run-2 ... run-7 of the old report");
        assertEquals(List.of("out"), namesIn(dir), "no staging or old folder left beside it");
    }

    @Test
    void aFailedWriteLeavesTheOldSetWholeAndNothingBesideIt() throws IOException {
        Path out = dir.resolve("out");
        ReportFolder.write(out, set("old", 3));
        // A set whose third file fails while being staged, as a full disk would.
        Map<String, byte[]> failing = failingAfter(set("new", 1), 2);
        assertThrows(IllegalStateException.class, () -> ReportFolder.write(out, failing));
        assertEquals(asContents(set("old", 3)), contents(out));
        assertEquals(List.of("out"), namesIn(dir));

        Path fresh = dir.resolve("a/b/fresh");
        assertThrows(IllegalStateException.class, () -> ReportFolder.write(fresh, failingAfter(set("new", 1), 2)));
        assertEquals(List.of("out"), namesIn(dir), "the folders the write made are gone again");
    }

    /** {@code files}, whose content fails to come after {@code good} files have been written. */
    private static Map<String, byte[]> failingAfter(Map<String, byte[]> files, int good) {
        List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            boolean fails = entries.size() == good;
            entries.add(new AbstractMap.SimpleImmutableEntry<>(file.getKey(), file.getValue()) {
                @Override
                public byte[] getValue() {
                    if (fails) {
                        throw new IllegalStateException("no space left (simulated)");
                    }
                    return super.getValue();
                }
            });
        }
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, byte[]>> entrySet() {
                return new LinkedHashSet<>(entries);
            }
        };
    }

    @Test
    void aFolderWithFilesLrfinderDidNotWriteIsRefusedAndLeftAlone() throws IOException {
        Path out = Files.createDirectory(dir.resolve("mine"));
        Files.writeString(out.resolve("notes.txt"), "keep me");
        Files.writeString(out.resolve("report.json"), "{}");
        Files.createDirectory(out.resolve("data"));
        var e = assertThrows(IllegalArgumentException.class, () -> ReportFolder.write(out, set("new", 1)));
        assertEquals("out = " + out + ": must be new, empty or an earlier report's folder; it also holds data/, notes.txt,"
                + " which lrfinder did not write and leaves alone", e.getMessage());
        assertEquals(List.of("data", "notes.txt", "report.json"), namesIn(out));
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void whatAKilledWriteLeftIsPutRightByTheNextOne() throws IOException, InterruptedException {
        long dead = deadPid();
        Path out = dir.resolve("out");
        // Killed between the two renames: the old set moved aside, the new one staged, the folder absent.
        Path old = Files.createDirectory(dir.resolve(".out.lrfinder-old-" + dead + "-x1"));
        Files.writeString(old.resolve("report.json"), "old");
        Path staged = Files.createDirectory(dir.resolve(".out.lrfinder-new-" + dead + "-x2"));
        Files.writeString(staged.resolve("report.json"), "half");
        ReportFolder.check(out);
        assertEquals(List.of("out"), namesIn(dir));
        assertEquals("old", Files.readString(out.resolve("report.json")), "the old set is back");

        Path alive = Files.createDirectory(dir.resolve(".out.lrfinder-new-" + ProcessHandle.current().pid() + "-x3"));
        ReportFolder.check(out);
        assertTrue(Files.isDirectory(alive), "a write still running is left alone");
    }

    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aLinkedFolderIsWrittenThroughAndKeepsItsPermissions() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        ReportFolder.write(link, set("new", 1));
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals(asContents(set("new", 1)), contents(real));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
    }

    @Test
    void theFilesOfAReportAreItsJsonCsvAndPlots() {
        double[] lrs = {1e-4, 1e-3, 1e-2, 1e-1, 1};
        double[] losses = {2, 1.9, 1.2, 0.8, 3};
        AnalyzedRun run = AnalyzedRun.ofCurve("a.csv", lrs, losses, CurveAnalysis.analyze(lrs, losses));
        AnalysisOptions options = AnalysisOptions.builder().build();
        ReportContext context = new ReportContext("analyze", "1 curve from a.csv", null, CurveAnalysis.PIPELINE,
                options.smoothing().id(), List.<Method>copyOf(options.methods()), options.defaultMethod(), null,
                List.of("a.csv"));
        Report report = Report.of(context, List.of(run), options);
        Map<String, byte[]> files = ReportFolder.files(report, r -> Map.of("plot.txt", "drawn".getBytes()));
        assertEquals(List.of("report.json", "curves.csv", "plot.txt"), List.copyOf(files.keySet()));
        assertArrayEquals(report.json(), files.get("report.json"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> ReportFolder.files(report, r -> Map.of("chart.png", new byte[0])));
        assertEquals("plots = chart.png: must be a file name plot.EXT, e.g. plot.png", e.getMessage());
        assertFalse(ReportFolder.isReportFile("notes.txt"));
        assertTrue(ReportFolder.isReportFile(".plot.svg.1234.tmp"), "what lrfinder 0.1 left when interrupted");
    }
}
