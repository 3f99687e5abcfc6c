package dev.lrfinder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.sweep.RunInfo;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;
import java.util.List;

/** The check both backends' tests make: runs at once give the curves of runs one after another, bit for bit. */
public final class ParallelCurves {
    private static final int RUNS = 5;

    private ParallelCurves() {}

    /** Sweeps {@value #RUNS} runs on {@code backend} one at a time and three at a time and compares every curve. */
    public static void assertSameAtOnceAsOneAfterAnother(String backend) {
        // Augmentation too: each run draws its own noise and flips from its seed.
        TaskSpec task = TaskSpec.named("patterns").withSamples(512).withAugmentation(0.1, true);
        SweepConfig config = SweepConfig.builder().optSteps(60).optLrMax(10).build();
        List<AnalyzedRun> oneByOne = find(backend, task, config, 1);
        List<AnalyzedRun> atOnce = find(backend, task, config, 3);
        for (int i = 0; i < RUNS; i++) {
            AnalyzedRun a = oneByOne.get(i);
            AnalyzedRun b = atOnce.get(i);
            assertEquals(backend, b.sweep().info().backend());
            assertEquals(config.seed() + i, b.sweep().config().seed(), "run " + (i + 1) + "'s seed");
            assertArrayEquals(a.lrs(), b.lrs(), "run " + (i + 1) + "'s rates");
            assertArrayEquals(a.losses(), b.losses(), "run " + (i + 1) + "'s losses, bit for bit");
            assertEquals(a.sweep().curve().stopReason(), b.sweep().curve().stopReason());
        }
        assertTrue(overlap(atOnce.get(0).sweep().info(), atOnce.get(1).sweep().info())
                        || overlap(atOnce.get(1).sweep().info(), atOnce.get(2).sweep().info()),
                "runs 1-3 were to sweep at the same time");
        for (int i = 1; i < RUNS; i++) {
            assertTrue(!java.util.Arrays.equals(oneByOne.get(0).losses(), oneByOne.get(i).losses()),
                    "each run has a seed of its own, so a curve of its own");
        }
    }

    private static List<AnalyzedRun> find(String backend, TaskSpec task, SweepConfig config, int parallel) {
        LrFinder finder = LrFinder.builder()
                .setTask(task, ModelSpec.mlp(64, 64))
                .optBackend(backend)
                .optRuns(RUNS)
                .optParallel(parallel)
                .optConfig(config)
                .build();
        assertEquals(parallel, finder.parallel());
        return finder.run().report().runs();
    }

    private static boolean overlap(RunInfo a, RunInfo b) {
        long aStart = a.startedAt().toEpochMilli();
        long bStart = b.startedAt().toEpochMilli();
        return bStart < aStart + a.wallTimeSeconds() * 1000 && aStart < bStart + b.wallTimeSeconds() * 1000;
    }
}
