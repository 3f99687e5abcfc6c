package dev.lrfinder.cli;

import dev.lrfinder.nativebackend.NativeBackend;

/** {@code find --data --backend native}, in a JVM of its own (one libtorch per process). */
class NativeDataFindCommandTest extends DataSweepCases {
    @Override
    String backend() {
        return "native";
    }

    @Override
    String absentReason() {
        return NativeBackend.unavailableReason().orElse(null);
    }
}
