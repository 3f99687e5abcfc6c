package dev.lrfinder.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master the sweep cannot start on: one line naming it and what failed, exit 2, no folder left
 * behind, and none of Spark's own log on stderr (it took 123 lines for an unreachable master).
 */
class SparkMasterTest {
    @TempDir
    Path dir;

    @Test
    void anUnreachableMasterIsOneLineNamingItAndLeavesNothing() throws IOException {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0)) { // a loopback port nothing listens on once closed
            closedPort = free.getLocalPort();
        }
        String master = "spark://127.0.0.1:" + closedPort;
        Path out = dir.resolve("out");
        PrintStream stderr = System.err;
        ByteArrayOutputStream sparkLog = new ByteArrayOutputStream();
        SweepOnSpark.Run run;
        System.setErr(new PrintStream(sparkLog, true, StandardCharsets.UTF_8));
        try {
            run = SweepOnSpark.sweep(master, out, "--optimizer", "sgd,adam");
        } finally {
            System.setErr(stderr);
        }
        assertEquals(2, run.code(), run.err());
        assertEquals("lrfinder: --master = " + master + ": must be a running Spark master: nothing accepts connections"
                + " at 127.0.0.1:" + closedPort + " (connection refused)", run.err().lines().findFirst().orElse(""));
        assertEquals(2, run.err().lines().count(), "the line and the hint: " + run.err());
        assertFalse(Files.exists(out), "nothing is left behind");
        assertFalse(sparkLog.toString(StandardCharsets.UTF_8).contains("spark:"), "Spark's log stays off stderr: " + sparkLog);
    }

    @Test
    void aMasterSparkRefusesIsOneLineNotSparksException() {
        // YARN's scheduler is not among lrfinder-spark's jars: Spark's SparkException, a checked one
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SparkCells("yarn", java.util.List.of()));
        assertEquals("master = yarn: must be a master Spark can start on (Spark: Could not parse Master URL: 'yarn')",
                e.getMessage());
    }

    @Test
    void theReachabilityCheckNamesEachAddressOfAnHaMaster() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SparkCells.checkReachable("spark://no-such-host.invalid:7077,127.0.0.1:1"));
        assertTrue(e.getMessage().startsWith("master = spark://no-such-host.invalid:7077,127.0.0.1:1: must be a running"
                + " Spark master: no-such-host.invalid is not a known host; nothing accepts connections at 127.0.0.1:1"),
                e.getMessage());
    }
}
