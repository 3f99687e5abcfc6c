package dev.lrfinder.nativebackend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Skips a test class, saying why, where the shim was not built (no libtorch on the machine). */
final class ShimAvailable {
    private ShimAvailable() {}

    static void assume() {
        String reason = NativeShim.absentReason();
        assumeTrue(reason == null, () -> "SKIPPED, native shim absent: " + reason);
    }
}
