package dev.lrfinder.nativebackend;

import dev.lrfinder.ParallelCurves;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs at once on the native backend, in one JVM: each session's confined arena and libtorch thread
 * count stay on its own thread, and the curves are those of runs one after another.
 */
@ExtendWith(ShimExtension.class)
class NativeParallelRunsTest {
    @Test
    void runsAtOnceGiveTheCurvesOfRunsOneAfterAnother() {
        ParallelCurves.assertSameAtOnceAsOneAfterAnother("native");
    }
}
