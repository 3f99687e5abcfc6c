package dev.lrfinder.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.StopReason;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskData;
import dev.lrfinder.task.TaskSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every step's arrays are scoped: a long sweep must not grow the process's resident memory. RSS is
 * read from /proc inside the sweep itself, every 500 steps. Test JVMs run with a fixed, pre-touched
 * heap and C1 only (see the parent pom), so neither heap growth nor C2's compiler arenas (which
 * moved RSS by up to 30 MB under load) show up: measured so, RSS stays within 1 MB from step 1,000
 * to 10,000. The test compares the lowest reading early in the sweep with the lowest late in it,
 * against 16 MB. A leak of one 64x64 float array per step would add 115 MB between the two
 * windows; the batch-buffer leak this test caught added 130 MB.
 */
class NativeMemoryTest {
    private static final int STEPS = 10_000;

    @Test
    void tenThousandStepsDoNotGrowResidentMemory() throws IOException {
        TaskSpec task = TaskSpec.named("blobs").withSamples(1024);
        TaskData data = task.generate();
        SweepConfig config = SweepConfig.builder()
                .optSteps(STEPS)
                .optLrMin(1e-4)
                .optLrMax(1e-2)
                .optBatchSize(32)
                .optDivergence(DivergenceRule.none())
                .optOptimizer(OptimizerSpec.of(OptimizerKind.ADAM)) // the optimizer with the most state
                .build();
        Map<Integer, Long> rssAtStep = new TreeMap<>();
        Loss sampling = new Loss("rss") {
            private final Loss inner = Loss.softmaxCrossEntropyLoss();
            private int step;

            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                step++;
                if (step == 100 || step % 500 == 0) {
                    rssAtStep.put(step, residentKb());
                }
                return inner.evaluate(labels, predictions);
            }
        };
        SweepResult result;
        try (Model model = Model.newInstance("memory", "PyTorch")) {
            model.setBlock(DjlModels.build(ModelSpec.mlp(64, 64), data.outputs()));
            result = DjlRangeTest.builder()
                    .setModel(model)
                    .setBatchSource(new SampledBatches(new BatchSampler(data, task, 32, 1), task.trainingData(),
                            task.trainingData().isClassification()))
                    .setLoss(sampling)
                    .optConfig(config)
                    .optInputShapes(new Shape(32, task.dims()))
                    .build()
                    .run();
        }
        assertEquals(StopReason.COMPLETED, result.curve().stopReason());
        long early = lowest(rssAtStep, 1_000, 3_000);
        long late = lowest(rssAtStep, 8_000, STEPS);
        System.out.printf("RSS: step 100 %d MB, step 10,000 %d MB; lowest in steps 1,000-3,000 %d MB,"
                        + " in steps 8,000-10,000 %d MB (%.0f steps/s)%n",
                rssAtStep.get(100) / 1024, rssAtStep.get(STEPS) / 1024, early / 1024, late / 1024,
                result.info().stepsPerSecond());
        assertTrue(late - early < 16 * 1024, "RSS grew from " + early + " kB to " + late + " kB");
    }

    private static long lowest(Map<Integer, Long> rssAtStep, int fromStep, int toStep) {
        return rssAtStep.entrySet().stream()
                .filter(e -> e.getKey() >= fromStep && e.getKey() <= toStep)
                .mapToLong(Map.Entry::getValue)
                .min()
                .orElseThrow();
    }

    private static long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
