package dev.lrfinder.cli;

import static dev.lrfinder.cli.NativeArchitectureFindTest.assertSwept;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code find --backend djl --model resnet18} end to end, in a JVM of its own (one libtorch per process). */
class DjlArchitectureFindTest {
    @TempDir
    Path dir;

    @Test
    void resnet18SweepsAnImageTaskOnDjl() throws IOException {
        Path out = dir.resolve("resnet");
        Cli.Run run = Cli.lrfinder("find", "--backend", "djl", "--model", "resnet18", "--task", "patterns", "--samples",
                "32", "--batch-size", "2", "--steps", "20", "--divergence", "none", "--out", out.toString());
        assertSwept(run, out, "djl", "resnet18");
    }
}
