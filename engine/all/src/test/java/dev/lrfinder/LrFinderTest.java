package dev.lrfinder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepListener;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-call API on the djl backend: N runs from seed + i, the recommendation, the folder. */
class LrFinderTest {
    private static final TaskSpec TASK = TaskSpec.named("spirals").withSamples(512);
    private static final SweepConfig CONFIG = SweepConfig.builder().optSteps(60).optLrMax(10).optSeed(40).build();

    @TempDir
    Path dir;

    @Test
    void runsEachSeedOnceAndWritesTheWholeFolder() throws Exception {
        List<String> told = Collections.synchronizedList(new ArrayList<>()); // runs go at once, on threads of their own
        Path out = dir.resolve("report");
        FindResult result = LrFinder.builder()
                .setTask(TASK, ModelSpec.mlp(16))
                .optConfig(CONFIG)
                .optRuns(3)
                .optOut(out)
                .optProgress(new RunProgress() {
                    @Override
                    public SweepListener forRun(int run, int plannedSteps) {
                        return (recorded, planned, loss) -> told.add("run " + run + " block");
                    }

                    @Override
                    public void runDone(int run, SweepResult sweep) {
                        told.add("run " + run + " done, seed " + sweep.config().seed());
                    }
                })
                .build()
                .run();

        List<AnalyzedRun> runs = result.report().runs();
        assertEquals(List.of(40L, 41L, 42L), runs.stream().map(r -> r.sweep().config().seed()).toList());
        assertTrue(told.containsAll(List.of("run 1 done, seed 40", "run 2 done, seed 41", "run 3 done, seed 42")), told.toString());
        assertTrue(told.contains("run 3 block"), told.toString());
        assertTrue(result.recommendation().isPresent(), result.recommendation().reasoning());
        assertEquals(out, result.folder().orElseThrow());
        try (Stream<Path> files = Files.list(out)) {
            Set<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(Set.of("report.json", "curves.csv", "plot.png", "plot.svg", "run-1.csv", "run-1.json",
                    "run-2.csv", "run-2.json", "run-3.csv", "run-3.json"), names);
        }
        // The same run alone gives the same curve: runs are independent of each other.
        FindResult second = LrFinder.builder().setTask(TASK, ModelSpec.mlp(16))
                .optConfig(CONFIG.toBuilder().optSeed(41).build()).optRuns(1).build().run();
        assertArrayEquals(runs.get(1).losses(), second.report().runs().get(0).losses());
        assertTrue(second.folder().isEmpty());
    }

    @Test
    void theDefaultRunsAtOnceLeaveNoCoreToWaitOutAnUnevenLastWave() {
        // 2 runs' worth of cores: 3 runs go at once (not 2 then 1); 4 and 5 in waves of 2.
        assertEquals(List.of(1, 2, 3, 2, 2, 2), Stream.of(1, 2, 3, 4, 5, 6)
                .map(runs -> LrFinder.defaultParallel(runs, 2)).toList());
        assertEquals(List.of(1, 4, 5, 7, 4), Stream.of(1, 4, 5, 7, 9).map(runs -> LrFinder.defaultParallel(runs, 4)).toList());
        assertEquals(1, LrFinder.defaultParallel(3, 1), "one core: one run at a time");
    }

    @Test
    void aBadFolderOrSettingFailsInBuildBeforeAnySweep() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        var e = assertThrows(IllegalArgumentException.class,
                () -> LrFinder.builder().setTask(TASK, ModelSpec.mlp(16)).optOut(file).build());
        assertTrue(e.getMessage().startsWith("out = " + file), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LrFinder.builder().setTask(TASK, ModelSpec.mlp(16)).optRuns(0).build());
        assertEquals("runs = 0: must be an integer in [1, 10000]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LrFinder.builder().build());
        assertTrue(e.getMessage().startsWith("task = null: must be set with setTask, setData or setRangeTest"), e.getMessage());
    }
}
