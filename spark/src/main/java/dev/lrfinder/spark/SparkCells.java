package dev.lrfinder.spark;

import dev.lrfinder.cli.CellEngine;
import dev.lrfinder.cli.CellOutcome;
import dev.lrfinder.cli.CellRunner;
import dev.lrfinder.cli.SweepCell;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * {@code lrfinder sweep --engine spark}: each cell is one Spark task, the driver (this JVM) collects
 * the outcomes and writes the one sweep folder.
 *
 * <p>Each cell is a Spark job of its own (one partition, one task), all submitted at once: Spark
 * runs as many as its executors have task slots ({@code spark.task.cpus} cores, and with
 * {@code spark.task.resource.gpu.amount} a GPU, per task), and the driver writes each cell's folder
 * the moment its job ends, so a sweep killed half-way keeps what finished ({@code --resume}). A
 * task lost with its executor (a worker killed, a machine gone) is run again elsewhere by Spark's
 * scheduler, up to {@code spark.task.maxFailures} times; a cell that fails for its own reasons
 * (bad input, an error in the sweep) does not throw, it comes back as a failed outcome, so Spark
 * does not retry what would fail again, and one cell never takes the others down with it.
 *
 * <p>Executors of a cluster need lrfinder's classes and its JVM options: unless the settings say
 * otherwise, they get this driver's class path ({@code spark.executor.extraClassPath}: the same
 * install path on every machine) and its native-access, DJL-offline and shim settings
 * ({@code spark.executor.extraJavaOptions}); Spark adds its own module options to both.
 */
public final class SparkCells implements CellEngine {
    /** What the sweep calls itself in Spark's UI and logs. */
    public static final String APP_NAME = "lrfinder sweep";
    /** Spark's name of the GPU resource ({@code spark.task.resource.gpu.amount}). */
    static final String GPU = "gpu";
    /** JVM options an executor needs for lrfinder's backends, passed on from the driver when set here. */
    private static final List<String> PASSED_PROPERTIES = List.of("lrfinder.shim", "ai.djl.offline", "java.awt.headless");

    private final JavaSparkContext context;
    private final String master;

    /**
     * Starts a Spark context.
     *
     * @param master {@code local[N]}, {@code local[*]} or {@code spark://HOST:PORT}
     * @param settings Spark settings as {@code key=value}, applied last
     */
    public SparkCells(String master, List<String> settings) {
        this(master, settings, false);
    }

    /**
     * Starts a Spark context; a master that cannot be reached or that Spark refuses is one line
     * naming it ({@code master = URL: must be ...}), before anything is written.
     *
     * @param verbose whether Spark's own log (warnings and errors) goes to stderr; without it, none
     *     does: lrfinder says in its own words what failed
     */
    public SparkCells(String master, List<String> settings, boolean verbose) {
        this.master = master;
        // Spark logs a failed start or a lost master as dozens of warnings and traces on stderr;
        // with --verbose its log is as log4j2.properties says (warnings, the known-harmless ones quiet)
        if (!verbose) {
            Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
        }
        checkReachable(master);
        SparkConf conf = new SparkConf().setMaster(master).setAppName(APP_NAME)
                .set("spark.ui.enabled", "false") // no web server (nor its port) for a command-line run
                .set("spark.ui.showConsoleProgress", "false");
        if (!master.startsWith("local")) {
            conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
            conf.set("spark.executor.extraJavaOptions", executorJavaOptions());
        }
        for (String kv : settings) {
            int eq = kv.indexOf('=');
            conf.set(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
        try {
            this.context = new JavaSparkContext(conf);
        } catch (Exception e) { // SparkException is checked, though Scala declares none: "Could not parse Master URL", ...
            throw new IllegalArgumentException("master = " + master + ": must be a master Spark can start on (Spark: "
                    + firstLine(e) + ")", e);
        }
    }

    /** How long the driver waits for a standalone master to accept a connection before saying it cannot. */
    static final int CONNECT_TIMEOUT_MS = 5_000;

    /**
     * Throws, naming the master, unless at least one of a standalone master's {@code HOST:PORT}s
     * accepts a connection: Spark itself would retry for a minute, logging every try, and then fail
     * each cell with an exception of its own.
     */
    static void checkReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("master = " + master + ": must be spark://HOST:PORT[,HOST:PORT...]"
                        + " (" + hostPort + " has no port)");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
                return;
            } catch (UnknownHostException e) {
                failures.add(host + " is not a known host");
            } catch (SocketTimeoutException e) {
                failures.add("no answer from " + hostPort + " within " + CONNECT_TIMEOUT_MS / 1000 + " s");
            } catch (IOException | IllegalArgumentException e) {
                failures.add("nothing accepts connections at " + hostPort + " ("
                        + String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT) + ")");
            }
        }
        throw new IllegalArgumentException("master = " + master + ": must be a running Spark master: "
                + String.join("; ", failures));
    }

    private static String executorJavaOptions() {
        List<String> options = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1"));
        for (String p : PASSED_PROPERTIES) {
            String value = System.getProperty(p);
            if (value != null) {
                options.add("-D" + p + "=" + value);
            }
        }
        return String.join(" ", options);
    }

    @Override
    public void run(List<SweepCell> cells, Consumer<CellOutcome> sink) {
        List<JavaFutureAction<List<CellOutcome>>> jobs = new ArrayList<>();
        for (SweepCell cell : cells) {
            if (context.sc().isStopped()) {
                throw new IllegalStateException(stopped());
            }
            context.setJobDescription("cell " + cell.folder());
            jobs.add(context.parallelize(List.of(cell), 1).map(SparkCells::runTask).collectAsync());
        }
        // One waiting thread per job: the outcomes reach the sink in the order the cells end.
        try (ExecutorService waiting = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < jobs.size(); i++) {
                JavaFutureAction<List<CellOutcome>> job = jobs.get(i);
                SweepCell cell = cells.get(i);
                waiting.submit(() -> sink.accept(outcome(cell, job)));
            }
        }
    }

    private CellOutcome outcome(SweepCell cell, JavaFutureAction<List<CellOutcome>> job) {
        try {
            return job.get().getFirst();
        } catch (ExecutionException | RuntimeException e) {
            // Spark gave up on the task (spark.task.maxFailures lost executors), or the context stopped
            // under it (the master gone): its exception then varies from run to run, the cause does not.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String reason = context.sc().isStopped() ? stopped() : "spark: " + firstLine(cause);
            return new CellOutcome(cell.folder(), CellOutcome.Status.FAILED, reason, Map.of(), Double.NaN, null, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.cancel(true);
            return new CellOutcome(cell.folder(), CellOutcome.Status.FAILED, "interrupted", Map.of(), Double.NaN, null, 0);
        }
    }

    private static String firstLine(Throwable t) {
        String text = String.valueOf(t.getMessage());
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /** Why no more cells run once the context stopped. */
    private String stopped() {
        return "spark: the application stopped before the cell ended (the master " + master
                + " gave up on it or went away; --verbose shows Spark's log)";
    }

    /** On the executor: the cell, with as many runs at once as the task has cores, on the GPU Spark gave the task. */
    private static CellOutcome runTask(SweepCell cell) {
        TaskContext task = TaskContext.get();
        String worker = "executor " + SparkEnv.get().executorId() + "@" + hostName() + " pid " + ProcessHandle.current().pid();
        ResourceInformation gpus = task.resources().get(GPU).getOrElse(() -> null);
        SweepCell placed = gpus != null && gpus.addresses().length > 0 ? onGpu(cell, gpus.addresses()[0]) : cell;
        return CellRunner.run(placed, Math.max(1, task.cpus()), worker, task.attemptNumber());
    }

    /**
     * The cell on the GPU of Spark's {@code address}: {@code --device cuda} (any GPU) becomes {@code
     * --device cuda:ADDRESS}. A standalone worker does not hide the other GPUs from its executors
     * (no {@code CUDA_VISIBLE_DEVICES}), so without this every task would use GPU 0. A cell that
     * names its GPU keeps it.
     */
    static SweepCell onGpu(SweepCell cell, String address) {
        List<String> args = new ArrayList<>(cell.args());
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--device=cuda")) {
                args.set(i, "--device=cuda:" + address);
            } else if (args.get(i).equals("--device") && i + 1 < args.size() && args.get(i + 1).equals("cuda")) {
                args.set(i + 1, "cuda:" + address);
            }
        }
        return new SweepCell(cell.folder(), cell.axes(), args);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    @Override
    public String describe() {
        return "spark " + master + " (Spark " + context.version() + ", " + context.defaultParallelism() + " task slots)";
    }

    @Override
    public void close() {
        context.stop();
    }
}
