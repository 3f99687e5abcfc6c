package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.data.DataKind;
import dev.lrfinder.data.LoadedData;
import dev.lrfinder.task.Activation;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TrainingData;
import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every backend promises for the layered built-in models (ResNet-18/50, VGG, MobileNet, MLP
 * and CNN with batch norm or dropout) on small RGB images (8x8: ResNet-50 is heavy on two cores): each sweeps, batch norm trains and its
 * running statistics come back bit for bit with the parameters, evaluation leaves them alone, and
 * dropout is seeded. A backend's test class extends this; run one class per JVM.
 */
public abstract class ArchitectureContract {
    private static final int CLASSES = 4;
    private static final int BATCH = 4;
    private static final ModelSpec MLP_BN_DROPOUT = ModelSpec.mlp(32, 32).withBatchNorm(true).withDropout(0.25);

    private final SweepBackend backend;
    private final Function<SweepSession, byte[]> modelState;

    /**
     * @param modelState a digest of every byte of a session's model state (parameters and buffers),
     *     in a fixed order ({@link #digest}): ResNet-50's 94 MB twice over would not fit the tests' heap
     */
    protected ArchitectureContract(SweepBackend backend, Function<SweepSession, byte[]> modelState) {
        this.backend = backend;
        this.modelState = modelState;
    }

    /** The SHA-256 of {@code parts}, one after another. */
    protected static byte[] digest(Iterable<byte[]> parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            parts.forEach(sha::update);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<ModelSpec> layeredModels() {
        return Stream.of(ModelSpec.defaults(ModelSpec.Kind.RESNET18), ModelSpec.defaults(ModelSpec.Kind.RESNET50),
                ModelSpec.defaults(ModelSpec.Kind.VGG), ModelSpec.defaults(ModelSpec.Kind.MOBILENET), MLP_BN_DROPOUT,
                new ModelSpec(ModelSpec.Kind.CNN, List.of(8, 16), Activation.GELU, true, 0.5));
    }

    /** {@code samples} RGB images of {@code side} px whose class shifts one channel's mean. */
    static TrainingData images(int samples, int side, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int pixels = side * side;
        float[] x = new float[samples * 3 * pixels];
        float[] y = new float[samples];
        for (int i = 0; i < samples; i++) {
            int c = i % CLASSES;
            y[i] = c;
            for (int j = 0; j < 3 * pixels; j++) {
                x[i * 3 * pixels + j] = (float) (random.nextGaussian() + (j / pixels == c % 3 ? 0.5 * c : 0));
            }
        }
        return LoadedData.of("rgb", FloatBuffer.wrap(x), new long[] {3, side, side}, y, DataKind.CLASSIFICATION,
                List.of("a", "b", "c", "d")).trainingData();
    }

    private static SweepConfig config(int steps) {
        return SweepConfig.builder().optSteps(steps).optLrMin(1e-4).optLrMax(1e-2).optBatchSize(BATCH)
                .optDivergence(DivergenceRule.none()).build();
    }

    @ParameterizedTest
    @MethodSource("layeredModels")
    public void eachSweepsAFewStepsAndARestoreBringsEveryBitBack(ModelSpec model) {
        SweepData data = SweepData.of(images(32, 8, 1));
        try (SweepSession session = backend.open(data, model, config(3))) {
            byte[] before = modelState.apply(session);
            try (SweepSession.Snapshot snapshot = session.snapshot()) {
                for (int i = 0; i < 3; i++) {
                    session.step(1e-2);
                }
                double[] losses = new double[3];
                assertEquals(3, session.readLosses(losses, 0));
                for (double loss : losses) {
                    // Cross-entropy of 4 classes near the start: about ln 4 = 1.39.
                    assertTrue(Double.isFinite(loss) && loss > 0.3 && loss < 10, model.describe() + ": " + loss);
                }
                assertFalse(Arrays.equals(before, modelState.apply(session)), model.describe() + " trained");
                snapshot.restore();
            }
            assertArrayEquals(before, modelState.apply(session), model.describe() + ": restored bit for bit");
        }
        LossCurve curve = backend.run(data, model, config(4), SweepListener.NONE).curve();
        assertEquals(StopReason.COMPLETED, curve.stopReason());
        assertEquals(4, curve.size());
    }

    @Test
    public void batchNormTrainsItsRunningStatisticsEvenAtRateZero() {
        SweepData data = SweepData.of(images(32, 8, 2));
        ModelSpec model = ModelSpec.mlp(16).withBatchNorm(true);
        try (SweepSession session = backend.open(data, model, config(2))) {
            byte[] before = modelState.apply(session);
            try (SweepSession.Snapshot snapshot = session.snapshot()) {
                session.step(0);
                assertFalse(Arrays.equals(before, modelState.apply(session)),
                        "a step at rate 0 changes no parameter but moves the running mean and variance");
                snapshot.restore();
            }
            assertArrayEquals(before, modelState.apply(session));
        }
    }

    @Test
    public void evaluationUsesTheRunningStatisticsAndLeavesThemAlone() {
        SweepData data = SweepData.of(images(32, 8, 3), images(16, 8, 4));
        SweepConfig validating = config(4).toBuilder().optValidationLoss(true).build();
        for (ModelSpec model : List.of(MLP_BN_DROPOUT, ModelSpec.defaults(ModelSpec.Kind.RESNET18))) {
            try (SweepSession session = backend.open(data, model, validating)) {
                session.step(1e-2);
                byte[] trained = modelState.apply(session);
                double first = session.validationLoss();
                assertEquals(first, session.validationLoss(), 0,
                        model.describe() + ": eval mode, no dropout, no batch statistics: the same loss twice");
                assertArrayEquals(trained, modelState.apply(session), model.describe() + ": evaluation changed the state");
                assertTrue(Double.isFinite(first), model.describe() + ": " + first);
            }
        }
    }

    @Test
    public void dropoutIsAppliedAndSeeded() {
        SweepData data = SweepData.of(images(64, 8, 5));
        SweepConfig config = config(8);
        ModelSpec plain = ModelSpec.mlp(32, 32);
        double[] once = backend.run(data, plain.withDropout(0.5), config, SweepListener.NONE).curve().losses();
        double[] again = backend.run(data, plain.withDropout(0.5), config, SweepListener.NONE).curve().losses();
        // The same layered network with next to no dropout (0 would take the plain MLP's own path).
        double[] none = backend.run(data, plain.withDropout(1e-9), config, SweepListener.NONE).curve().losses();
        assertArrayEquals(once, again, 0, "the same seed, the same masks");
        assertFalse(Arrays.equals(once, none), "dropout changes the losses");
    }
}
