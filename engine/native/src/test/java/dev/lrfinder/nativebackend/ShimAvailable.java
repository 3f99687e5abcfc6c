package dev.lrfinder.nativebackend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Skips each native test, saying why, where the shim was not built (no libtorch on the machine):
 * the reason goes to the test report and, once per JVM, to stderr.
 */
final class ShimAvailable {
    private static boolean told;

    private ShimAvailable() {}

    static synchronized void assume() {
        String reason = NativeShim.absentReason();
        if (reason != null && !told) {
            told = true;
            System.err.println("SKIPPED: native shim absent, the native backend's tests do not run: " + reason);
        }
        assumeTrue(reason == null, () -> "native shim absent: " + reason);
    }
}
