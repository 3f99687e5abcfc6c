package dev.lrfinder.report;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.SweepResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A report's folder, written as one set: {@code report.json}, {@code curves.csv}, the plots
 * ({@code plot.png}, {@code plot.svg}) and, for sweeps, {@code run-N.csv} and {@code run-N.json} per
 * run. {@code lrfinder find} and {@code analyze} write it with {@link #write}, and so can any program.
 *
 * <p>The folder afterwards holds the complete new set, or, when the write fails (a full disk, a
 * signal), what it held before: the set is staged beside the folder and swapped in by rename (see
 * {@link FolderSwap}), so an earlier report's files never mix with the new one's (no stale
 * {@code run-7.csv} beside a one-run report). A folder that also holds files lrfinder did not write
 * is refused rather than replaced: they stay where they are.
 *
 * <p>Errors about the folder itself are {@code IllegalArgumentException}s in the form
 * {@code out = PATH: must be ...}; failures while writing are {@code IOException}s.
 */
public final class ReportFolder {
    /** Where a report goes when no folder is named: a new dated folder under it. */
    public static final Path DEFAULT_PARENT = Path.of("lrfinder-runs");
    /** The parameter errors name; the command line's option is {@code --out}. */
    public static final String PARAMETER = "out";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern RUN_FILE = Pattern.compile("run-[1-9][0-9]*\\.(csv|json)");
    private static final Pattern PLOT_FILE = Pattern.compile("plot\\.[A-Za-z0-9]+");
    /** What an interrupted write of lrfinder 0.1's {@code AtomicFiles} left: {@code .report.json.123.tmp}. */
    private static final Pattern TEMP_FILE = Pattern.compile("\\.(.+)\\.[0-9]+\\.tmp");
    /** How many foreign names a message lists. */
    private static final int NAMES_SHOWN = 3;

    private ReportFolder() {}

    /**
     * Writes the report's files into {@code folder} as one set, replacing an earlier report there.
     * The plots are drawn, and every file made in memory, before anything on disk is touched.
     *
     * @param folder the folder, or null for a new dated one under {@link #DEFAULT_PARENT}
     * @param plots draws the plots ({@link ReportPlots#NONE} for none)
     * @return the folder written, as an absolute path
     * @throws IllegalArgumentException when the folder cannot be a report folder ({@link #check})
     * @throws IOException when writing fails; the folder then holds what it held before
     */
    public static Path write(Path folder, Report report, ReportPlots plots) throws IOException {
        return write(folder, files(report, plots));
    }

    /**
     * Writes {@code files} as the whole content of {@code folder}, as {@link #write(Path, Report,
     * ReportPlots)} does; every name must be one of a report's ({@link #isReportFile}).
     */
    public static Path write(Path folder, Map<String, byte[]> files) throws IOException {
        for (String name : files.keySet()) {
            if (!isReportFile(name) || name.startsWith(".")) {
                throw Checks.invalid("files", name, "named as a report's files are: report.json, curves.csv, plot.EXT,"
                        + " run-N.csv, run-N.json");
            }
        }
        check(folder);
        if (folder == null) {
            Path parent = DEFAULT_PARENT.toAbsolutePath();
            return FolderSwap.write(parent.resolve(LocalDateTime.now().format(STAMP)), true, files);
        }
        Path absolute = folder.toAbsolutePath();
        Path target = Files.exists(absolute) ? absolute.toRealPath() : absolute;
        FolderSwap.write(target, false, files);
        return absolute;
    }

    /**
     * The report's files in memory, in the order they are written: {@code report.json},
     * {@code curves.csv}, the plots, then each sweep's {@code run-N.csv} and {@code run-N.json}.
     */
    public static Map<String, byte[]> files(Report report, ReportPlots plots) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("report.json", report.json());
        files.put("curves.csv", CurveCsv.runsCsvBytes(report.runs()));
        for (Map.Entry<String, byte[]> plot : plots.render(report).entrySet()) {
            if (!PLOT_FILE.matcher(plot.getKey()).matches()) {
                throw Checks.invalid("plots", plot.getKey(), "a file name plot.EXT, e.g. plot.png");
            }
            files.put(plot.getKey(), plot.getValue());
        }
        List<AnalyzedRun> runs = report.runs();
        for (int i = 0; i < runs.size(); i++) {
            SweepResult sweep = runs.get(i).sweep();
            if (sweep != null) {
                files.put("run-" + (i + 1) + ".csv", CurveCsv.curveCsv(sweep.curve()).getBytes(StandardCharsets.UTF_8));
                files.put("run-" + (i + 1) + ".json", RunRecord.toBytes(sweep));
            }
        }
        return files;
    }

    /**
     * Whether a file of this name belongs to a report: {@code report.json}, {@code curves.csv},
     * {@code plot.EXT}, {@code run-N.csv}, {@code run-N.json}, and what an interrupted write of an
     * earlier lrfinder left ({@code .NAME.123.tmp}).
     */
    public static boolean isReportFile(String name) {
        var temp = TEMP_FILE.matcher(name);
        String base = temp.matches() ? temp.group(1) : name;
        return base.equals("report.json") || base.equals("curves.csv") || PLOT_FILE.matcher(base).matches()
                || RUN_FILE.matcher(base).matches();
    }

    /**
     * Checks, before any work, that a report can be written to {@code folder}: a new path under a
     * folder this process can write, an empty folder, or one holding only an earlier report; its
     * parent must be writable (the new set is staged there), and it must be neither a mount point nor
     * the current folder or one above it (it is replaced as a whole). A dangling symbolic link or a
     * file is refused. Leftovers of a write that was killed outright are cleaned up here.
     *
     * @param folder the folder, or null for a new dated one under {@link #DEFAULT_PARENT}
     * @throws IllegalArgumentException {@code out = PATH: must be ...}
     */
    public static void check(Path folder) {
        Path given = folder != null ? folder : DEFAULT_PARENT;
        Path absolute = given.toAbsolutePath();
        if (folder != null) {
            try {
                FolderSwap.recover(absolute);
            } catch (IOException e) {
                throw invalid(given, "a folder lrfinder can write (an interrupted write left " + e.getMessage()
                        + ", which cannot be cleaned up)");
            }
        }
        if (Files.isSymbolicLink(absolute) && !Files.exists(absolute)) {
            throw invalid(given, "a folder or a path to make one (it is a symbolic link to the missing "
                    + readLink(absolute) + ")");
        }
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw invalid(given, "a folder (it is a file)");
        }
        if (!Files.exists(absolute)) {
            Path existing = absolute.getParent();
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isDirectory(existing)) {
                throw invalid(given, "a folder lrfinder can create (" + (existing == null ? "no part of it exists"
                        : Files.isSymbolicLink(existing) && !Files.exists(existing) ? existing + " is a symbolic link to the missing " + readLink(existing)
                        : existing + " is a file") + ")");
            }
            probe(given, existing, "a folder lrfinder can create");
            return;
        }
        if (folder == null) {
            probe(given, absolute, "a folder lrfinder can write"); // the dated folders go inside it
            return;
        }
        Path real;
        try {
            real = absolute.toRealPath();
        } catch (IOException e) {
            throw invalid(given, "a folder lrfinder can read (" + e.getMessage() + ")");
        }
        Path cwd = Path.of("").toAbsolutePath();
        try {
            cwd = cwd.toRealPath();
        } catch (IOException e) {
            // the working folder is gone: nothing of it can be the target
        }
        if (cwd.startsWith(real)) {
            throw invalid(given, "a folder other than the current one or one above it (a report replaces its folder"
                    + " as a whole); name a folder inside it");
        }
        if (real.getParent() == null || isMountPoint(real)) {
            throw invalid(given, "a folder inside a mount point, not the mount point itself (a report replaces its"
                    + " folder as a whole)");
        }
        List<String> foreign = foreignFiles(given, real);
        if (!foreign.isEmpty()) {
            throw invalid(given, "new, empty or an earlier report's folder; it also holds "
                    + String.join(", ", foreign.subList(0, Math.min(NAMES_SHOWN, foreign.size())))
                    + (foreign.size() > NAMES_SHOWN ? " and " + (foreign.size() - NAMES_SHOWN) + " more" : "")
                    + ", which lrfinder did not write and leaves alone");
        }
        probe(given, real.getParent(), "a folder whose parent lrfinder can write (the new set is staged beside it)");
    }

    private static List<String> foreignFiles(Path given, Path folder) {
        List<String> foreign = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!isReportFile(name) || Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    foreign.add(Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) ? name + "/" : name);
                }
            }
        } catch (IOException e) {
            throw invalid(given, "a folder lrfinder can read (" + e.getMessage() + ")");
        }
        foreign.sort(null);
        return foreign;
    }

    private static boolean isMountPoint(Path real) {
        try {
            return !Files.getFileStore(real).equals(Files.getFileStore(real.getParent()));
        } catch (IOException e) {
            return false; // the probe of the parent says what is wrong
        }
    }

    /** Makes and removes a folder in {@code dir}: the one test of writability that root, /proc and read-only mounts all answer. */
    private static void probe(Path given, Path dir, String what) {
        Path probe = dir.resolve(".lrfinder-probe-" + ProcessHandle.current().pid() + "-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        try {
            Files.createDirectory(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw invalid(given, what + " (making a folder in " + dir + " fails: " + reason(e) + ")");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return switch (e) {
            case AccessDeniedException denied -> "permission denied";
            case NoSuchFileException missing -> "no such file or folder";
            default -> e.getClass().getSimpleName();
        };
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "target";
        }
    }

    private static IllegalArgumentException invalid(Path given, String allowed) {
        return Checks.invalid(PARAMETER, given, allowed);
    }
}
