package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lrfinder.nativebackend.NativeBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code find --model FILE.pt --backend native}, and {@code auto} choosing it, in a JVM of its own. */
class NativeScriptFindCommandTest extends ScriptModelCases {
    NativeScriptFindCommandTest() {
        super("native");
    }

    @BeforeEach
    void needsTheShim() {
        String absent = NativeBackend.unavailableReason().orElse(null);
        assumeTrue(absent == null, () -> "SKIPPED, native shim absent: " + absent);
    }

    @Test
    void autoRunsATorchScriptFileOnTheNativeBackend() {
        Cli.Run run = Cli.lrfinder(concat(concat(new String[] {"find"}, BLOBS), "--model", CLASSIFIER, "--steps", "20",
                "--runs", "1", "--out", dir.resolve("out").toString()));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("native backend (PyTorch 1.13.1, cpu, 1 thread), auto: ")),
                run.out());
    }
}
