package dev.lrfinder.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark standalone cluster on loopback, started by the test: a Master and two Workers as JVM
 * processes of their own (one core each, their executors JVMs of their own, as on real machines).
 * One worker is killed, with its executor, while the sweep runs: the cells it had are run again on
 * the other and the report is complete. No Spark distribution is needed: the processes run from this
 * test's class path, and a worker's executors are given it too ({@code spark.executor.extraClassPath}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SparkClusterSweepTest {
    /** Long enough for a JVM to start and register on a loaded 2-core machine. */
    private static final long START_SECONDS = 90;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killEverything() {
        for (Process p : processes) {
            kill(p.toHandle());
        }
    }

    private static void kill(ProcessHandle process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process);
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> p).join();
        }
    }

    @Test
    void aWorkerKilledMidSweepHasItsCellsRetriedAndTheReportIsComplete() throws Exception {
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--webui-port", "0");
        awaitPort(port);
        Process doomed = start("worker-1", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                "--memory", "1g", "--webui-port", "0", "--work-dir", dir.resolve("work-1").toString(), master);
        start("worker-2", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                "--memory", "1g", "--webui-port", "0", "--work-dir", dir.resolve("work-2").toString(), master);

        Path out = dir.resolve("sweep");
        CompletableFuture<SweepOnSpark.Run> sweep = CompletableFuture.supplyAsync(() -> SweepOnSpark.sweep(master, out,
                "--optimizer", "sgd,adam,momentum", "--batch-size", "16,32,48,64", "--spark-conf", "spark.executor.memory=512m",
                "--spark-conf", "spark.task.maxFailures=4"));

        // Once both executors are up and a cell is written, the other executor is in the middle of one.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS * 2);
        while (executors(doomed).isEmpty() || cellsWritten(out) == 0) {
            if (sweep.isDone()) {
                fail("the sweep ended before a worker could be killed: " + sweep.join());
            }
            if (System.nanoTime() > deadline) {
                fail("no executor on worker 1 or no cell after " + START_SECONDS * 2 + " s; logs in " + dir);
            }
            Thread.sleep(100);
        }
        Set<Long> killedExecutors = executors(doomed);
        int writtenAtKill = cellsWritten(out);
        kill(doomed.toHandle());

        SweepOnSpark.Run run = sweep.get(4, TimeUnit.MINUTES);
        assertEquals(0, run.code(), run.out() + run.err());
        JsonNode report = SweepOnSpark.report(out);
        assertEquals(12, report.path("cells").size());
        assertEquals(12, report.at("/counts/ok").asInt(), report.path("counts").toString());
        assertEquals(12, cellsWritten(out));
        assertTrue(writtenAtKill < 12, "the kill came mid-sweep");
        int retried = 0;
        for (JsonNode cell : report.path("cells")) {
            assertTrue(Files.isRegularFile(out.resolve(cell.path("folder").asText()).resolve("report.json")));
            retried += cell.path("attempt").asInt() > 0 ? 1 : 0;
            long pid = Long.parseLong(cell.path("worker").asText().replaceAll(".* pid ", ""));
            if (cell.path("attempt").asInt() > 0) {
                assertFalse(killedExecutors.contains(pid), "a retried cell ran on the surviving worker");
            }
        }
        assertTrue(retried >= 1, "the killed worker's running cell was run again: " + report.path("cells"));
        assertTrue(report.path("engine").asText().startsWith("spark " + master), report.path("engine").asText());
    }

    private Process start(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("lrfinder.sparkModuleOptions").split(" ")));
        command.addAll(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        // A worker builds its executors' command from SPARK_HOME: an empty jars folder there, the class path
        // comes from spark.executor.extraClassPath.
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.directory(dir.toFile());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** The executor JVMs a worker has started (a worker starts nothing else). */
    private static Set<Long> executors(Process worker) {
        return worker.toHandle().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static int cellsWritten(Path out) throws IOException {
        Path cells = out.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(cells)) {
            return (int) list.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        fail("the master did not listen on " + port + " within " + START_SECONDS + " s; log: " + dir + File.separator
                + "master.log");
    }
}
