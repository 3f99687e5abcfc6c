package dev.lrfinder.cli;

import static dev.lrfinder.cli.Cli.curve;
import static dev.lrfinder.cli.Cli.lrfinder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report written to a full disk, on a small tmpfs: the folder keeps its older report whole, with
 * no file of the new one and nothing staged beside it. Mounting needs root; elsewhere it is skipped
 * with the reason.
 */
class FullDiskTest {
    /**
     * Room for two reports of short curves (plot.svg is most of each): while the new set is staged
     * the old one stays, so a write needs room for both.
     */
    private static final String SIZE = "2m";

    @TempDir
    Path dir;

    private Path disk;

    @BeforeEach
    void mount() throws IOException, InterruptedException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assumeTrue(Integer.valueOf(0).equals(uid), "skipped: mounting a tmpfs needs root, and these tests run as uid " + uid);
        disk = Files.createDirectory(dir.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes()).strip();
        assumeTrue(mount.waitFor() == 0, "skipped: cannot mount a tmpfs here (" + said + ")");
    }

    @AfterEach
    void unmount() throws IOException, InterruptedException {
        if (disk != null && new ProcessBuilder("mountpoint", "-q", disk.toString()).start().waitFor() == 0) {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
        }
    }

    /** Fills the disk, then frees {@code free} bytes: a write of more than that fails part-way. */
    private Path fillLeaving(long free) throws IOException {
        Path filler = disk.resolve("filler");
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            // No space left on device: the disk is full
        }
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.WRITE)) {
            channel.truncate(Math.max(0, channel.size() - free));
        }
        return filler;
    }



    @Test
    void aFullDiskLeavesTheOlderReportWholeAndNothingBesideIt() throws IOException {
        Path out = disk.resolve("out");
        Cli.Run first = lrfinder("analyze", curve("fastai-recorder.csv").toString(), "--out", out.toString());
        assertEquals(0, first.code(), first.err());
        Map<String, Integer> old = Cli.contents(out);

        Path filler = fillLeaving(64 * 1024); // report.json and curves.csv fit, the plots do not
        Cli.Run full = lrfinder("analyze", "--losses", "raw", curve("keras-style.csv").toString(),
                curve("lightning-results.json").toString(),
                "--out", out.toString());
        assertEquals(2, full.code(), full.out() + full.err());
        assertTrue(full.firstErrLine().startsWith("lrfinder: --out = " + out + ": cannot write the files ("), full.err());
        assertTrue(full.firstErrLine().endsWith("); nothing there was changed"), full.err());
        assertTrue(full.err().lines().count() <= 3, full.err());
        assertFalse(full.err().contains("\tat "), full.err());
        assertEquals(old, Cli.contents(out), "the older report, whole");
        assertEquals(List.of("filler", "out"), Cli.names(disk), "nothing staged left beside it");

        Path fresh = disk.resolve("new/deeper");
        assertEquals(2, lrfinder("analyze", curve("keras-style.csv").toString(), "--out", fresh.toString()).code());
        assertEquals(List.of("filler", "out"), Cli.names(disk), "the folders the command made are gone again");

        Files.delete(filler);
        Cli.Run room = lrfinder("analyze", "--losses", "raw", curve("keras-style.csv").toString(),
                curve("lightning-results.json").toString(),
                "--out", out.toString());
        assertEquals(0, room.code(), room.err());
        assertEquals(java.util.Set.of("report.json", "curves.csv", "plot.png", "plot.svg"), Cli.contents(out).keySet());
        assertFalse(Cli.contents(out).equals(old), "with room again, the new report replaces the old one");
    }
}
