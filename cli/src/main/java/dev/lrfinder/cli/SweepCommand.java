package dev.lrfinder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code lrfinder sweep}: {@code find} over a grid of its options, in this JVM or on Apache Spark. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run 'lrfinder find' for every cell of a grid of its options and report",
            "them together: each cell's rate with its interval, lr against batch size",
            "as a fitted power law lr ~ B^a (the linear and square-root rules checked)",
            "and the optimizer with the widest good range.",
            "",
            "Every option of find is an axis when given several values: a comma list",
            "(--batch-size 32,64,128), the option repeated (--widths 64,64 --widths",
            "256,256, for options that take a list) or --switch=true,false; one value",
            "is the same in every cell. --grid FILE.toml gives the grid as find's",
            "option names without dashes (batch-size = [32, 64, 128]); the command",
            "line replaces a key of the file."
        },
        footer = {
            "",
            "Examples:",
            "  lrfinder sweep --model mlp,cnn --optimizer sgd,adam --batch-size 32,64,128 --out sweeps/a",
            "  lrfinder sweep --grid grid.toml --runs 5 --out sweeps/a --resume",
            "  lrfinder sweep --grid grid.toml --engine spark --master 'local[*]'",
            "  lrfinder sweep --grid grid.toml --engine spark --master spark://head:7077 \\",
            "      --spark-conf spark.task.resource.gpu.amount=1 --device cuda",
            "",
            "Files (in --out, or a new folder under ./lrfinder-sweeps): report.json (every cell with its full",
            "report), cells.csv (a row per cell), scaling-GROUP.png|svg, grid.json, and cells/NAME/ per cell",
            "(find's report folder).",
            "Exit codes: 0 every cell answered, 2 bad usage or input (nothing runs), 3 a cell without a",
            "suggestion, 4 a cell failed (its reason is in the table), 1 internal error."
        })
final class SweepCommand implements Callable<Integer> {
    /** The engine used unless --engine says. */
    static final String DEFAULT_ENGINE = "local";
    /** Spark's master unless --master says: every core of this machine, in this JVM. */
    static final String DEFAULT_MASTER = "local[*]";
    /**
     * The master URLs lrfinder-spark runs on (spark-core's own schedulers: in this JVM, or a
     * standalone cluster; YARN and Kubernetes need modules it does not ship), checked before Spark
     * starts so that a typo ({@code bogus}, {@code local[0]}) is one line rather than Spark's trace.
     */
    private static final Pattern SPARK_MASTER = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?"
            + "|spark://[^/:,\\s]+:[0-9]{1,5}(,[^/:,\\s]+:[0-9]{1,5})*");

    @Spec
    CommandSpec spec;

    @Option(names = "--grid", paramLabel = "FILE.toml",
            description = "The grid: find's options without dashes; an array is an axis, a value is fixed.")
    Path grid;

    @Option(names = "--engine", paramLabel = "local|spark",
            description = "local: cells in this JVM (default); spark: each cell a Spark task (needs lrfinder-spark's jars).")
    String engine = DEFAULT_ENGINE;

    @Option(names = "--master", paramLabel = "URL",
            description = "With --engine spark: local[N], local[*] (the default) or spark://HOST:PORT for a cluster.")
    String master;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
            description = "With --engine spark: a Spark setting, e.g. spark.task.resource.gpu.amount=1 (repeatable).")
    List<String> sparkConf = new ArrayList<>();

    @Option(names = "--cells-at-once", paramLabel = "N",
            description = "With --engine local: cells at a time, each on its own thread (default: the cores; each"
                    + " cell's runs then go one at a time unless the grid gives --parallel).")
    Integer cellsAtOnce;

    @Option(names = "--resume",
            description = "Continue the sweep in --out (default: the newest sweep of this grid under ./lrfinder-sweeps):"
                    + " cells complete there with the same options are kept, the rest run.")
    boolean resume;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The sweep's folder: new, empty, or an earlier sweep's with --resume (default: a new one under"
                    + " ./lrfinder-sweeps).")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Option(names = "--verbose", description = "Stack traces with errors.")
    boolean verbose;

    @Option(names = "--format", paramLabel = "text|json",
            description = "text: the sweep's summary (default); json: the sweep's report.json on stdout and nothing"
                    + " else there. Not passed to the cells, whose own reports are always written.")
    OutputOptions.Format format = OutputOptions.Format.text;

    @Unmatched
    List<String> findArgs = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SweepGrid sweepGrid = SweepGrid.of(grid, findArgs);
        List<SweepCell> cells = sweepGrid.cells();
        SweepGrid.checkParses(cells);
        checkEngineOptions();
        Path outFolder = this.out;
        if (outFolder == null && resume) {
            outFolder = SweepFolder.newestEarlier(SweepFolder.DEFAULT_PARENT, cells);
            if (!quiet) {
                err.println("lrfinder: resuming the newest earlier sweep of this grid: " + outFolder.toAbsolutePath());
            }
        }
        SweepFolder folder = SweepFolder.open(outFolder, resume);
        Map<String, JsonNode> kept = folder.kept(cells);

        CellResult[] results = new CellResult[cells.size()];
        Map<String, Integer> index = new HashMap<>();
        List<SweepCell> toRun = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            SweepCell cell = cells.get(i);
            index.put(cell.folder(), i);
            JsonNode report = kept.get(cell.folder());
            if (report != null) {
                boolean answered = report.at("/aggregate/recommendation/lr").isNumber();
                results[i] = new CellResult(cell, answered ? CellOutcome.Status.OK : CellOutcome.Status.NO_SUGGESTION,
                        answered ? null : "no method gave a suggestion in any run", report, Double.NaN,
                        "earlier sweep", 0, true);
            } else {
                toRun.add(cell);
            }
        }
        if (!quiet && !kept.isEmpty()) {
            err.println("lrfinder: " + kept.size() + " of " + cells.size() + " cells kept from the earlier sweep in "
                    + folder.root());
        }
        long start = System.nanoTime();
        String described;
        int[] done = {0};
        double engineStartSeconds;
        // The engine first: a master it cannot start on is bad input, and leaves no folder behind
        // that the corrected command would then find "holding an earlier sweep".
        try (CellEngine cellEngine = openEngine()) {
            engineStartSeconds = (System.nanoTime() - start) / 1e9;
            folder.writePlan(cells);
            described = cellEngine.describe();
            try {
                cellEngine.run(toRun, outcome -> {
                    synchronized (results) {
                        int i = index.get(outcome.folder());
                        results[i] = record(folder, cells.get(i), outcome);
                        done[0]++;
                        if (!quiet) {
                            err.println(String.format(Locale.ROOT, "cell %d/%d %s: %s (%.1f s, %s)", done[0],
                                    toRun.size(), outcome.folder(), results[i].status().id(), outcome.wallSeconds(),
                                    outcome.worker()));
                            err.flush();
                        }
                    }
                });
            } catch (RuntimeException e) {
                // The engine itself broke (a cluster gone): every cell without an outcome is reported with it.
                synchronized (results) {
                    fillMissing(cells, results, "the engine stopped: " + e.getMessage());
                }
            }
        }
        synchronized (results) {
            fillMissing(cells, results, "no outcome came back from the engine");
        }
        SweepSummary summary = new SweepSummary(sweepGrid, List.of(results), described, engineStartSeconds,
                (System.nanoTime() - start) / 1e9);
        Map<String, byte[]> files = summary.files();
        folder.writeSummary(files);
        if (format == OutputOptions.Format.json) {
            out.println(new String(files.get(SweepFolder.REPORT), StandardCharsets.UTF_8));
        } else {
            summary.lines().forEach(out::println);
            out.println("Files: " + folder.root() + " (report.json, cells.csv, scaling-*.png|svg, grid.json, cells/NAME/)");
        }
        out.flush();
        boolean failed = false;
        boolean unanswered = false;
        for (CellResult r : results) {
            failed |= r.status() == CellOutcome.Status.FAILED;
            unanswered |= r.status() == CellOutcome.Status.NO_SUGGESTION;
        }
        return failed ? ExitCodes.CELLS_FAILED : unanswered ? ExitCodes.NO_SUGGESTION : ExitCodes.OK;
    }

    private static void fillMissing(List<SweepCell> cells, CellResult[] results, String reason) {
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                results[i] = new CellResult(cells.get(i), CellOutcome.Status.FAILED, reason, null, Double.NaN, null, 0, false);
            }
        }
    }

    /** Writes the cell's folder and reads its report back; a folder that cannot be written fails the cell. */
    private static CellResult record(SweepFolder folder, SweepCell cell, CellOutcome outcome) {
        if (outcome.status() == CellOutcome.Status.FAILED) {
            return new CellResult(cell, outcome.status(), outcome.reason(), null, outcome.wallSeconds(),
                    outcome.worker(), outcome.attempt(), false);
        }
        try {
            folder.writeCell(cell, outcome);
            JsonNode report = new ObjectMapper().readTree(outcome.files().get("report.json"));
            return new CellResult(cell, outcome.status(), outcome.reason(), report, outcome.wallSeconds(),
                    outcome.worker(), outcome.attempt(), false);
        } catch (IOException | RuntimeException e) {
            return new CellResult(cell, CellOutcome.Status.FAILED, "its folder could not be written: " + e, null,
                    outcome.wallSeconds(), outcome.worker(), outcome.attempt(), false);
        }
    }

    private void checkEngineOptions() {
        if (!engine.equals("local") && !engine.equals("spark")) {
            throw new BadInputException("--engine = " + engine + ": must be local or spark");
        }
        if (engine.equals("local")) {
            if (master != null) {
                throw new BadInputException("--master = " + master + ": must be given with --engine spark only");
            }
            if (!sparkConf.isEmpty()) {
                throw new BadInputException("--spark-conf = " + sparkConf.getFirst() + ": must be given with --engine spark only");
            }
            if (cellsAtOnce != null && (cellsAtOnce < 0 || cellsAtOnce > 10_000)) {
                throw new BadInputException("--cells-at-once = " + cellsAtOnce + ": must be an integer in [0, 10000]"
                        + " (0: the cores)");
            }
        } else {
            if (cellsAtOnce != null) {
                throw new BadInputException("--cells-at-once = " + cellsAtOnce + ": must be given with --engine local"
                        + " only (Spark runs as many cells at once as its executors have cores)");
            }
            if (master != null && !SPARK_MASTER.matcher(master).matches()) {
                throw new BadInputException("--master = " + master + ": must be one of Spark's master URLs: local,"
                        + " local[N], local[*], local[N,F] (N, F >= 1) or spark://HOST:PORT[,HOST:PORT...]");
            }
            for (String kv : sparkConf) {
                if (kv.indexOf('=') <= 0) {
                    throw new BadInputException("--spark-conf = " + kv + ": must be KEY=VALUE");
                }
            }
        }
    }

    private CellEngine openEngine() {
        if (engine.equals("local")) {
            int n = cellsAtOnce == null || cellsAtOnce == 0 ? Runtime.getRuntime().availableProcessors() : cellsAtOnce;
            return new LocalCells(n);
        }
        for (CellEngine.Factory factory : ServiceLoader.load(CellEngine.Factory.class)) {
            if (factory.id().equals(engine)) {
                return factory.open(master != null ? master : DEFAULT_MASTER, sparkConf, verbose);
            }
        }
        throw new BadInputException("--engine = spark: needs lrfinder-spark's jars on the class path: build them with"
                + " 'native-scripts/mvn -pl spark -am -DskipTests package'; native-scripts/lrfinder then adds them"
                + " for sweep --engine spark");
    }
}
