package dev.lrfinder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lrfinder.report.AtomicFiles;
import dev.lrfinder.report.ReportFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep's output folder: {@code grid.json} (the cells and their find arguments, written before
 * any cell runs), {@code cells/NAME/} (each cell's report folder, written by {@link ReportFolder} as
 * one staged-and-swapped set the moment the cell ends: complete or absent), and the sweep's own
 * {@code report.json}, {@code cells.csv} and {@code scaling-*.png|svg}, each replaced atomically at
 * the end. A killed sweep leaves every finished cell complete; {@code --resume} keeps a cell whose
 * folder is complete and whose arguments in the earlier grid.json are this grid's.
 */
final class SweepFolder {
    static final String PLAN = "grid.json";
    static final String REPORT = "report.json";
    static final String TABLE = "cells.csv";
    static final String CELLS = "cells";
    /** Where a sweep goes when no folder is named: a new dated folder under it. */
    static final Path DEFAULT_PARENT = Path.of("lrfinder-sweeps");
    private static final Set<String> OWN = Set.of(PLAN, REPORT, TABLE, CELLS);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final boolean resume;
    /** The folder as the user gave it, for messages. */
    private final String given;

    private SweepFolder(Path root, boolean resume, String given) {
        this.root = root;
        this.resume = resume;
        this.given = given;
    }

    Path root() {
        return root;
    }

    /**
     * The folder {@code out} names (null: a new dated one), checked before anything runs: new, empty,
     * or an earlier sweep's (then only with {@code --resume}).
     */
    static SweepFolder open(Path out, boolean resume) {
        Path root = out;
        if (root == null) {
            Path base = DEFAULT_PARENT.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            root = base;
            for (int n = 1; Files.exists(root); n++) {
                root = base.resolveSibling(base.getFileName() + "-" + n);
            }
        }
        root = root.toAbsolutePath();
        String given = out != null ? out.toString() : root.toString();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new BadInputException("--out = " + given + ": must be a folder (it is a file)");
        }
        List<String> names = list(root);
        if (!names.isEmpty()) {
            if (!names.contains(PLAN)) {
                throw new BadInputException("--out = " + given + ": must be new, empty or an earlier sweep's folder (it"
                        + " holds " + String.join(", ", names.subList(0, Math.min(3, names.size())))
                        + (names.size() > 3 ? " and more" : "") + " and no " + PLAN + ")");
            }
            if (!resume) {
                throw new BadInputException("--out = " + given + ": holds an earlier sweep: must be a new folder, or"
                        + " give --resume to continue that sweep (its complete cells are kept)");
            }
            for (String name : names) {
                if (!OWN.contains(name) && !name.matches("scaling(-.*)?\\.(png|svg)") && !name.startsWith(".")) {
                    throw new BadInputException("--out = " + given + ": holds " + name
                            + ", which lrfinder sweep did not write: must hold a sweep's files only");
                }
            }
        }
        // Made by writePlan, once the engine has started: a sweep refused before then leaves nothing.
        Path existing = root;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new BadInputException("--out = " + given + ": must be a folder lrfinder can create ("
                    + (existing == null ? "no part of it exists" : existing + " is a file") + ")");
        }
        if (!Files.isWritable(existing)) {
            throw new BadInputException("--out = " + given + ": must be a folder lrfinder can "
                    + (existing.equals(root) ? "write" : "create (" + existing + " cannot be written)"));
        }
        return new SweepFolder(root, resume, given);
    }

    /**
     * The folder {@code sweep --resume} continues when no {@code --out} names one: the newest sweep
     * under {@code parent} (the default folders' parent) whose grid.json holds this grid's cells, as
     * a user who let the sweep pick its folder expects; the newest by grid.json's time, which a
     * resumed sweep writes again. Refused, one line, when there is none: a new sweep is not what
     * {@code --resume} asks for.
     */
    static Path newestEarlier(Path parent, List<SweepCell> cells) {
        Map<String, List<String>> wanted = new HashMap<>();
        cells.forEach(c -> wanted.put(c.folder(), c.args()));
        Path newest = null;
        java.nio.file.attribute.FileTime newestTime = null;
        int sweeps = 0;
        for (String name : list(parent)) {
            Path plan = parent.resolve(name).resolve(PLAN);
            if (!Files.isRegularFile(plan)) {
                continue;
            }
            sweeps++;
            try {
                if (!cellArgs(plan).equals(wanted)) {
                    continue;
                }
                var time = Files.getLastModifiedTime(plan);
                if (newestTime == null || time.compareTo(newestTime) > 0) {
                    newest = parent.resolve(name);
                    newestTime = time;
                }
            } catch (IOException unreadable) {
                // not a sweep this one can continue
            }
        }
        if (newest == null) {
            throw new BadInputException("--resume: must be given with --out naming the sweep's folder: no earlier sweep"
                    + " of this grid under " + parent + (sweeps > 0 ? " (" + sweeps + " of other grids or options)" : ""));
        }
        return newest;
    }

    /** An earlier grid.json's cells: folder to find arguments. */
    private static Map<String, List<String>> cellArgs(Path plan) throws IOException {
        Map<String, List<String>> earlier = new HashMap<>();
        for (JsonNode c : JSON.readTree(plan.toFile()).path("cells")) {
            List<String> args = new ArrayList<>();
            c.path("args").forEach(a -> args.add(a.asText()));
            earlier.put(c.path("folder").asText(), args);
        }
        return earlier;
    }

    /**
     * The files of a complete cell folder as its report.json says: report.json, curves.csv, the plots
     * {@code find} always draws, and run-N.csv and run-N.json for each of its runs.
     */
    static List<String> cellFiles(JsonNode report) {
        List<String> files = new ArrayList<>(List.of("report.json", "curves.csv", "plot.png", "plot.svg"));
        for (int run = 1; run <= report.path("runs").size(); run++) {
            files.add("run-" + run + ".csv");
            files.add("run-" + run + ".json");
        }
        return files;
    }

    /**
     * The cells an earlier sweep here finished with the same arguments, by folder: their report.json
     * as read back. A cell folder missing any of its files ({@link #cellFiles}) is run again. Empty
     * without {@code --resume}.
     */
    Map<String, JsonNode> kept(List<SweepCell> cells) {
        Map<String, JsonNode> kept = new HashMap<>();
        Path plan = root.resolve(PLAN);
        if (!resume || !Files.isRegularFile(plan)) {
            return kept;
        }
        Map<String, List<String>> earlier;
        try {
            earlier = cellArgs(plan);
        } catch (IOException e) {
            throw new BadInputException(plan + ": not an earlier sweep's grid (" + e.getMessage() + "); --resume needs it", e);
        }
        for (SweepCell cell : cells) {
            Path report = cellFolder(cell).resolve("report.json");
            if (cell.args().equals(earlier.get(cell.folder())) && Files.isRegularFile(report)) {
                try {
                    JsonNode read = JSON.readTree(report.toFile());
                    Path folder = cellFolder(cell);
                    if (cellFiles(read).stream().allMatch(name -> Files.isRegularFile(folder.resolve(name)))) {
                        kept.put(cell.folder(), read);
                    }
                } catch (IOException unreadable) {
                    // run again: its folder is replaced as a whole
                }
            }
        }
        return kept;
    }

    /** grid.json: what each cell folder holds, written before any cell runs so a killed sweep can resume. */
    void writePlan(List<SweepCell> cells) {
        Map<String, Object> plan = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>();
        for (SweepCell c : cells) {
            list.add(Map.of("folder", c.folder(), "axes", c.axes(), "args", c.args()));
        }
        plan.put("cells", list);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new BadInputException("--out = " + given + ": must be a folder lrfinder can create (" + e.getMessage()
                    + ")", e);
        }
        try {
            AtomicFiles.write(root.resolve(PLAN), out -> out.write(JSON.writeValueAsBytes(plan)));
        } catch (IOException e) {
            throw new BadInputException("--out = " + root + ": cannot write " + PLAN + " (" + e.getMessage() + ")", e);
        }
    }

    /** Writes a cell's report folder as one set (nothing for a failed cell). */
    void writeCell(SweepCell cell, CellOutcome outcome) throws IOException {
        if (!outcome.files().isEmpty()) {
            ReportFolder.write(cellFolder(cell), outcome.files());
        }
    }

    /** Replaces the sweep's own files, each atomically; scaling plots of an earlier grid that this one has not are removed. */
    void writeSummary(Map<String, byte[]> files) {
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                AtomicFiles.write(root.resolve(f.getKey()), out -> out.write(f.getValue()));
            }
            for (String name : list(root)) {
                if (name.matches("scaling(-.*)?\\.(png|svg)") && !files.containsKey(name)) {
                    Files.deleteIfExists(root.resolve(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sweep's files in " + root, e);
        }
    }

    Path cellFolder(SweepCell cell) {
        return root.resolve(CELLS).resolve(cell.folder());
    }

    private static List<String> list(Path folder) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            entries.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new BadInputException("--out = " + folder + ": must be a folder lrfinder can read (" + e + ")", e);
        }
        names.sort(null);
        return names;
    }
}
