package dev.lrfinder.nativebackend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The shim's CUDA build (replica_graph.cpp and the {@code LRF_CUDA} branches) still compiles, though
 * no GPU machine builds it: native-scripts/check-cuda-build compiles every shim source with
 * {@code -DLRF_CUDA}, syntax and semantics only, against the CUDA toolkit's and libtorch's headers.
 * Skipped, with the script's reason in the test report, where the machine has no CUDA toolkit.
 */
class CudaBuildCheckTest {
    /** The script's exit status for "cannot check here" (automake's convention for a skipped test). */
    private static final int SKIPPED = 77;

    @Test
    void everyShimSourceCompilesAsACudaBuild() throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("lrfinder.cudaCheck", "../../native-scripts/check-cuda-build"));
        Assumptions.assumeTrue(Files.isExecutable(script), () -> "no check script at " + script.toAbsolutePath());
        Path log = Files.createTempFile("check-cuda-build", ".log");
        try {
            Process process = new ProcessBuilder(script.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            int status = process.waitFor();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.print(output);
            Assumptions.assumeTrue(status != SKIPPED, output::strip);
            assertEquals(0, status, () -> "a shim source does not compile with -DLRF_CUDA:\n" + output);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
