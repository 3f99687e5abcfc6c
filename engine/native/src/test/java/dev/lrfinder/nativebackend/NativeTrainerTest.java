package dev.lrfinder.nativebackend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.data.Datasets;
import dev.lrfinder.data.LoadedData;
import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskData;
import dev.lrfinder.task.TaskSpec;
import dev.lrfinder.task.TrainingData;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Batches assembled in native code, and the step-at-a-time entry point. */
@ExtendWith(ShimExtension.class)
class NativeTrainerTest {
    @Test
    void nativeBatchesAreJavasBatchesToTheBitWithNoiseAndFlips() {
        TaskSpec task = TaskSpec.defaults().withSamples(300).withAugmentation(0.3, true);
        TaskData data = task.generate();
        BatchSampler java = new BatchSampler(data, task, 16, 77);
        BatchSampler plans = new BatchSampler(data, task, 16, 77);
        try (NativeData samples = NativeData.of(task.trainingData(), plans.noiseTable(), plans.augmentNoise(), "cpu")) {
            long[] indices = new long[16];
            byte[] flips = new byte[16];
            int[] offsets = new int[16];
            float[] javaX = new float[16 * 784];
            float[] javaY = new float[16];
            float[] nativeX = new float[16 * 784];
            float[] nativeY = new float[16];
            int flipped = 0;
            for (int batch = 0; batch < 25; batch++) { // past an epoch, so the reshuffle is covered
                java.next(javaX, javaY);
                plans.nextPlan(indices, flips, offsets, 0);
                samples.batch(indices, flips, offsets, nativeX, nativeY);
                assertArrayEquals(javaX, nativeX, 0, "batch " + batch);
                assertArrayEquals(javaY, nativeY, 0, "batch " + batch);
                for (byte f : flips) {
                    flipped += f;
                }
            }
            assertTrue(flipped > 100, "flips drawn: " + flipped);
        }
    }

    @Test
    void stepByStepGivesTheSweepsLosses() {
        TaskSpec task = TaskSpec.named("blobs").withSamples(512);
        TaskData data = task.generate();
        SweepConfig config = SweepConfig.builder().optSteps(30).optLrMin(1e-3).optLrMax(1)
                .optDivergence(DivergenceRule.none()).build();
        SweepResult sweep = new NativeBackend().run(task, ModelSpec.mlp(32, 32), config);

        BatchSampler sampler = new BatchSampler(data, task, config.batchSize(), config.seed());
        try (NativeModel model = NativeModel.builtin(ModelSpec.mlp(32, 32), data.sampleShape(), data.outputs(),
                        config.seed(), "cpu");
                NativeData samples = NativeData.of(task.trainingData(), null, 0, "cpu");
                NativeTrainer trainer = NativeTrainer.create(model, "cross_entropy", config)) {
            long[] indices = new long[config.batchSize()];
            byte[] flips = new byte[config.batchSize()];
            int[] offsets = new int[config.batchSize()];
            double[] grid = config.lrGrid();
            for (int step = 0; step < 30; step++) {
                sampler.nextPlan(indices, flips, offsets, 0);
                assertEquals(sweep.curve().loss(step), trainer.step(samples, grid[step], indices, flips, offsets), 0,
                        "step " + step);
            }
        }
    }

    @Test
    void theUsersBlockIsReadInPlaceAndGatheredIntoJavasBatches(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("a,b,c,label\n");
        for (int i = 0; i < 50; i++) {
            csv.append(i).append(',').append(-i).append(',').append(i * 0.5).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        LoadedData loaded = Datasets.csv(Files.writeString(dir.resolve("rows.csv"), csv)).read();
        TrainingData data = loaded.trainingData();
        BatchSampler java = new BatchSampler(data, 8, 5);
        BatchSampler plans = new BatchSampler(data, 8, 5);
        try (NativeData samples = NativeData.of(data, null, 0, "cpu")) {
            assertEquals(MemorySegment.ofBuffer(loaded.features()).address(), samples.features().address(),
                    "the shim reads the data's own block: no copy");
            long[] indices = new long[8];
            float[] javaX = new float[8 * 3];
            float[] javaY = new float[8];
            float[] nativeX = new float[8 * 3];
            float[] nativeY = new float[8];
            for (int batch = 0; batch < 15; batch++) { // past two epochs
                java.next(javaX, javaY);
                plans.nextPlan(indices, new byte[8], new int[8], 0);
                samples.batch(indices, null, null, nativeX, nativeY);
                assertArrayEquals(javaX, nativeX, 0, "batch " + batch);
                assertArrayEquals(javaY, nativeY, 0, "batch " + batch);
            }
        }
    }
}
