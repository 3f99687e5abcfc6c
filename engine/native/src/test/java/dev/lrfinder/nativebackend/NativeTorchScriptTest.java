package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.sweep.ShiftedClasses;
import dev.lrfinder.sweep.StopReason;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A user's TorchScript model (fixtures made by {@code make_fixtures.py} with torch 1.13.1): loaded,
 * swept on its trainable parameters with a loss by name, and restored, buffers included.
 */
@ExtendWith(ShimExtension.class)
class NativeTorchScriptTest {
    static Path fixture(String name) {
        try {
            return Path.of(NativeTorchScriptTest.class.getResource("/torchscript/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NativeData classes(Arena arena, int samples, int dims) {
        ShiftedClasses data = ShiftedClasses.of(samples, dims, 7);
        return NativeData.of(arena.allocateFrom(JAVA_FLOAT, data.features()), arena.allocateFrom(JAVA_FLOAT,
                data.targets()), new long[] {dims}, "cpu");
    }

    private static SweepResult sweep(NativeModel model, NativeData data, String loss, SweepConfig config) {
        return NativeRangeTest.builder().setModel(model).setData(data).setLoss(loss).optConfig(config).build().run();
    }

    @Test
    void aScriptedClassifierSweepsOnItsTrainableParametersAndIsRestored(Arena arena) {
        try (NativeModel model = NativeModel.load(fixture("classifier.pt"), "cpu"); NativeData data = classes(arena, 256, 8)) {
            // hidden (2) + norm bias (1; its weight is frozen) + out (2)
            assertEquals(5, model.parameterTensors());
            byte[] before = model.stateBytes();
            SweepConfig config = SweepConfig.builder().optLrMax(1000).optBatchSize(32).build();
            SweepResult result = sweep(model, data, "cross_entropy", config);
            assertNotEquals(StopReason.COMPLETED, result.curve().stopReason());
            double min = Arrays.stream(result.curve().losses()).filter(Double::isFinite).min().orElseThrow();
            assertTrue(min < result.curve().loss(0) * 0.8, "never learned: " + Arrays.toString(result.curve().losses()));
            // Parameters and batch-norm statistics, bit for bit.
            assertArrayEquals(before, model.stateBytes());
            // Same seed, same curve (the restore left nothing behind).
            assertEquals(result.curve(), sweep(model, data, "cross_entropy", config).curve());
        }
    }

    @Test
    void validationLossesOfABatchNormModelAreTakenInEvalModeAndLeaveTheTrainingAlone(Arena arena) {
        try (NativeModel model = NativeModel.load(fixture("classifier.pt"), "cpu"); NativeData data = classes(arena, 256, 8);
                NativeData validation = classes(arena, 33, 8)) { // the last batch of 32 is one row: no batch statistics
            byte[] before = model.stateBytes();
            SweepConfig config = SweepConfig.builder().optLrMax(1).optSteps(40).optBatchSize(32)
                    .optValidationLoss(true).optCurve(dev.lrfinder.sweep.SweepCurve.TRAIN).build();
            SweepResult both = NativeRangeTest.builder().setModel(model).setData(data).setLoss("cross_entropy")
                    .optValidationData(validation).optConfig(config).build().run();
            // Batch norm in train mode refuses a batch of one row; in eval mode it uses its running statistics.
            assertEquals(40, both.curve().validationLosses().length);
            SweepResult trainOnly = sweep(model, data, "cross_entropy", config.toBuilder().optValidationLoss(false).build());
            assertArrayEquals(trainOnly.curve().losses(), both.curve().losses(), 0);
            assertArrayEquals(before, model.stateBytes());
            var e = assertThrows(IllegalArgumentException.class, () -> NativeRangeTest.builder().setModel(model)
                    .setData(data).setLoss("cross_entropy").optConfig(config).build());
            assertEquals("validationLoss = true: must be false without validation data (optValidationData)", e.getMessage());
        }
    }

    @Test
    void aTracedRegressorSweepsWithMse(Arena arena) {
        Random random = new Random(3);
        int samples = 256;
        float[] x = new float[samples * 4];
        float[] y = new float[samples];
        for (int i = 0; i < samples; i++) {
            for (int d = 0; d < 4; d++) {
                x[i * 4 + d] = (float) random.nextGaussian();
            }
            y[i] = (float) Math.sin(x[i * 4]) + 0.5f * x[i * 4 + 1];
        }
        MemorySegment features = arena.allocateFrom(JAVA_FLOAT, x);
        MemorySegment targets = arena.allocateFrom(JAVA_FLOAT, y);
        try (NativeModel model = NativeModel.load(fixture("regressor.pt"), "cpu");
                NativeData data = NativeData.of(features, targets, new long[] {4}, "cpu")) {
            byte[] before = model.stateBytes();
            SweepResult result = sweep(model, data, "mse",
                    SweepConfig.builder().optSteps(80).optLrMin(1e-4).optLrMax(10).optBatchSize(16).build());
            double min = Arrays.stream(result.curve().losses()).filter(Double::isFinite).min().orElseThrow();
            assertTrue(min < result.curve().loss(0) * 0.8, "mse never fell: " + Arrays.toString(result.curve().losses()));
            assertArrayEquals(before, model.stateBytes());
        }
    }

    @Test
    void aMissingFileIsAnIoErrorNamingIt() {
        Path missing = Path.of("/nonexistent/model.pt");
        var e = assertThrows(UncheckedIOException.class, () -> NativeModel.load(missing, "cpu"));
        assertEquals("model = /nonexistent/model.pt: cannot open the file (missing or unreadable)",
                e.getCause().getMessage());
    }

    @Test
    void aFileThatIsNotTorchScriptIsLibtorchsError() {
        var e = assertThrows(NativeException.class, () -> NativeModel.load(fixture("make_fixtures.py"), "cpu"));
        assertEquals(4, e.code(), e.getMessage());
        assertTrue(!e.getMessage().isBlank());
    }

    @Test
    void inputsOfTheWrongShapeAreLibtorchsErrorAndTheModelIsUntouched(Arena arena) {
        try (NativeModel model = NativeModel.load(fixture("classifier.pt"), "cpu"); NativeData data = classes(arena, 64, 5)) {
            byte[] before = model.stateBytes();
            var e = assertThrows(NativeException.class, () -> sweep(model, data, "cross_entropy", SweepConfig.defaults()));
            assertTrue(e.getMessage().contains("shapes cannot be multiplied"), e.getMessage());
            assertArrayEquals(before, model.stateBytes());
            var forward = assertThrows(NativeException.class, () -> model.forward(new float[10], 2, 5));
            assertTrue(forward.getMessage().contains("shapes cannot be multiplied"), forward.getMessage());
            assertEquals(6, model.forward(new float[16], 2, 8).length);
        }
    }

    @Test
    void anUnknownLossIsABadArgument(Arena arena) {
        try (NativeModel model = NativeModel.load(fixture("classifier.pt"), "cpu"); NativeData data = classes(arena, 64, 8)) {
            var e = assertThrows(IllegalArgumentException.class, () -> sweep(model, data, "hinge", SweepConfig.defaults()));
            assertEquals("loss = hinge: must be one of cross-entropy, bce, mse, l1, huber", e.getMessage());
        }
    }

    @Test
    void mseAgainstThreeOutputsIsABadShape(Arena arena) {
        try (NativeModel model = NativeModel.load(fixture("classifier.pt"), "cpu"); NativeData data = classes(arena, 64, 8)) {
            var e = assertThrows(IllegalArgumentException.class, () -> sweep(model, data, "mse", SweepConfig.defaults()));
            assertEquals("loss = mse: the model's output [64, 3] does not match the targets [64]", e.getMessage());
        }
    }
}
