package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.data.Augmentation;
import dev.lrfinder.data.DataKind;
import dev.lrfinder.data.DataSplit;
import dev.lrfinder.data.Datasets;
import dev.lrfinder.data.LoadedData;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link SweepBackend} promises on the user's data (a {@link LoadedData}, read in
 * place): it trains on exactly the batches {@link BatchSampler} draws for the seed (so two
 * backends agree on them), with Java-side augmentation too; validation-loss mode evaluates without
 * changing the model or the training, and the validation curve can drive the stop. A backend's
 * test class extends this; run one class per JVM.
 */
public abstract class UserDataContract {
    private static final ModelSpec MLP = ModelSpec.mlp(8);
    private static final int ROWS = 96;
    private static final int BATCH = 8;

    @TempDir
    Path dir;

    private final SweepBackend backend;
    private final Function<SweepSession, byte[]> modelState;

    /** @param modelState every byte of a session's model state, in a fixed order */
    protected UserDataContract(SweepBackend backend, Function<SweepSession, byte[]> modelState) {
        this.backend = backend;
        this.modelState = modelState;
    }

    @Test
    public void trainsOnTheSamplersBatchesOfTabularData() {
        LoadedData data = Datasets.csv(constantCsv()).read();
        assertTrainsOnTheSamplersBatches(data.trainingData());
    }

    @Test
    public void trainsOnTheSamplersBatchesOfImagesAugmentedInJava() {
        // Flipping a constant image leaves it constant: the loss still reveals which rows were drawn.
        LoadedData images = Datasets.idx(idx(3, new int[] {ROWS, 4, 4}, constantPixels(ROWS * 16)),
                idx(1, new int[] {ROWS}, labels())).optKind(DataKind.REGRESSION).read();
        TrainingData flipped = images.trainingData(new Augmentation(0, true, 0, 0, 0), 0);
        assertNotNull(flipped.newAugmenter(1));
        assertTrainsOnTheSamplersBatches(flipped);
    }

    @Test
    public void evaluatingTheValidationDataChangesNeitherTheModelNorTheTraining() {
        DataSplit split = Datasets.csv(classesCsv()).optValidationSplit(0.25).optStandardize(true).load();
        SweepData data = SweepData.of(split.train().trainingData(), split.validation().trainingData());
        SweepConfig validating = SweepConfig.builder().optSteps(40).optLrMin(1e-3).optLrMax(1)
                .optBatchSize(BATCH).optValidationLoss(true).optCurve(SweepCurve.TRAIN).build();
        try (SweepSession session = backend.open(data, MLP, validating)) {
            byte[] before = modelState.apply(session);
            double first = session.validationLoss();
            assertEquals(first, session.validationLoss(), 0, "the same rows, eval mode: the same loss");
            assertArrayEquals(before, modelState.apply(session), "no step, no change");
            assertTrue(first > 0.5 && first < 3, "cross-entropy of 3 classes from random weights: " + first);
        }
        LossCurve both = backend.run(data, MLP, validating, SweepListener.NONE).curve();
        LossCurve trainOnly = backend.run(data, MLP, validating.toBuilder().optValidationLoss(false).build(),
                SweepListener.NONE).curve();
        assertTrue(both.hasValidation() && !trainOnly.hasValidation());
        assertArrayEquals(trainOnly.losses(), both.losses(), 0, "evaluation leaves the training as it was");
        assertEquals(both.size(), both.validationLosses().length);
        assertTrue(both.validationLoss(both.size() - 1) < both.validationLoss(0), "the model learns: "
                + both.validationLoss(0) + " -> " + both.validationLoss(both.size() - 1));
        LossCurve oneBatch = backend.run(data, MLP, validating.toBuilder().optValidationBatches(1).build(),
                SweepListener.NONE).curve();
        assertArrayEquals(trainOnly.losses(), oneBatch.losses(), 0);
        assertNotEquals(both.validationLoss(0), oneBatch.validationLoss(0), "one batch is not all of the data");
    }

    @Test
    public void theValidationCurveDrivesTheStopWhenItIsRead() {
        DataSplit split = Datasets.csv(classesCsv()).optValidationSplit(0.25).load();
        SweepData data = SweepData.of(split.train().trainingData(), split.validation().trainingData());
        SweepConfig config = SweepConfig.builder().optLrMax(1e4).optBatchSize(BATCH).optValidationLoss(true).build();
        assertEquals(SweepCurve.VALIDATION, config.curve(), "the default with validation losses");
        LossCurve curve = backend.run(data, MLP, config, SweepListener.NONE).curve();
        assertNotEquals(StopReason.COMPLETED, curve.stopReason());
        DivergenceRule.Monitor monitor = config.divergence().newMonitor();
        for (int i = 0; i < curve.size() - 1; i++) {
            assertNull(monitor.observe(curve.validationLoss(i)), "the rule stops earlier, at " + i);
        }
        assertEquals(curve.stopReason(), monitor.observe(curve.validationLoss(curve.size() - 1)));
        assertEquals(curve.size(), curve.losses().length, "both curves to the stop");
    }

    @Test
    public void validationLossModeWithoutValidationDataIsRefused() {
        SweepData data = SweepData.of(Datasets.csv(classesCsv()).read().trainingData());
        SweepConfig config = SweepConfig.builder().optBatchSize(BATCH).optValidationLoss(true).build();
        var e = assertThrows(IllegalArgumentException.class, () -> backend.open(data, MLP, config));
        assertTrue(e.getMessage().startsWith("validationLoss = true: must be false without validation data"), e.getMessage());
        var cnn = assertThrows(IllegalArgumentException.class, () -> backend.open(data, ModelSpec.defaults(ModelSpec.Kind.CNN),
                SweepConfig.builder().optBatchSize(BATCH).build()));
        assertEquals("model = cnn: must be mlp for samples of 2 features: cnn takes images of channels x height x width",
                cnn.getMessage());
    }

    /**
     * At a learning rate too small to move a weight, on constant inputs, the model's output is one
     * number c for every row, so step i's mean squared error is {@code c^2 - 2c mean(t) + mean(t^2)}
     * over the rows of batch i: the recorded losses tell whether the backend trained on the rows
     * the sampler planned, batch by batch.
     */
    private void assertTrainsOnTheSamplersBatches(TrainingData data) {
        SweepConfig config = SweepConfig.builder().optSteps(30).optBatchSize(BATCH).optSeed(11).build();
        double[] losses = backend.fit(SweepData.of(data), MLP, config, SweepConfig.MIN_LR).curve().losses();
        BatchSampler sampler = new BatchSampler(data, BATCH, config.seed());
        float[] targets = data.targets();
        long[] rows = new long[BATCH];
        double[] mean = new double[losses.length];
        double[] meanSquare = new double[losses.length];
        for (int step = 0; step < losses.length; step++) {
            sampler.nextPlan(rows, new byte[BATCH], new int[BATCH], 0);
            for (long r : rows) {
                mean[step] += targets[(int) r] / (double) BATCH;
                meanSquare[step] += targets[(int) r] * (double) targets[(int) r] / BATCH;
            }
        }
        int other = 1;
        for (int step = 1; step < losses.length; step++) {
            other = Math.abs(mean[step] - mean[0]) > Math.abs(mean[other] - mean[0]) ? step : other;
        }
        double c = ((meanSquare[0] - meanSquare[other]) - (losses[0] - losses[other])) / (2 * (mean[0] - mean[other]));
        for (int step = 0; step < losses.length; step++) {
            double expected = c * c - 2 * c * mean[step] + meanSquare[step];
            assertEquals(expected, losses[step], 1e-3 * Math.max(1, expected), "step " + step + " trained on other rows");
        }
    }

    private static void assertNotNull(Object value) {
        assertTrue(value != null);
    }

    /** Two constant features and a regression target that differs per row. */
    private Path constantCsv() {
        StringBuilder csv = new StringBuilder("f1,f2,y\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append(String.format(Locale.ROOT, "1,1,%.4f%n", i / (double) ROWS));
        }
        return write("constant.csv", csv.toString().getBytes());
    }

    /** Three separable classes with text labels. */
    private Path classesCsv() {
        StringBuilder csv = new StringBuilder("x1,x2,species\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int i = 0; i < 4 * ROWS; i++) {
            int c = i % 3;
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%s%n", c + 0.5 * random.nextGaussian(),
                    -c + 0.5 * random.nextGaussian(), new String[] {"ant", "bee", "cat"}[c]));
        }
        return write("classes.csv", csv.toString().getBytes());
    }

    private static byte[] constantPixels(int count) {
        byte[] pixels = new byte[count];
        java.util.Arrays.fill(pixels, (byte) 128);
        return pixels;
    }

    private static byte[] labels() {
        byte[] labels = new byte[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = (byte) (i % 7);
        }
        return labels;
    }

    /** An unsigned-byte IDX file of {@code dims} dimensions. */
    private Path idx(int dims, int[] shape, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims);
        for (int d : shape) {
            b.putInt(d);
        }
        return write(dims == 1 ? "labels-idx1-ubyte" : "images-idx3-ubyte", b.put(data).array());
    }

    private Path write(String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
