package dev.lrfinder.nativebackend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.RunInfo;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.Activation;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskKind;
import dev.lrfinder.task.TaskSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The native backend's own sweep promises (the shared ones are NativeBackendContractTest's). */
@ExtendWith(ShimExtension.class)
class NativeSweepTest {
    private static final NativeBackend BACKEND = new NativeBackend();
    private static final TaskSpec BLOBS = TaskSpec.named("blobs").withSamples(512);
    private static final ModelSpec SMALL_MLP = ModelSpec.mlp(32, 32);

    @Test
    void theRunRecordNamesTheShimsLibtorchAndTheDevice() {
        RunInfo info = BACKEND.run(BLOBS, SMALL_MLP, SweepConfig.builder().optSteps(10).build()).info();
        assertEquals("native", info.backend());
        assertEquals("PyTorch", info.engine());
        assertEquals("1.13.1", info.engineVersion());
        assertEquals("lrfinder shim 0.5.0", info.bindingVersion());
        assertEquals("cpu", info.device());
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void everyOptimizerLearns(OptimizerKind kind) {
        SweepConfig config = SweepConfig.builder().optSteps(50).optLrMax(kind == OptimizerKind.ADAM
                || kind == OptimizerKind.ADAMW ? 1 : 10).optOptimizer(new OptimizerSpec(kind, 0.9, 1e-4)).build();
        SweepResult result = BACKEND.run(BLOBS, SMALL_MLP, config);
        assertTrue(result.curve().size() > 10, kind + " recorded " + result.curve().size());
        double first = result.curve().loss(0);
        double min = Arrays.stream(result.curve().losses()).filter(Double::isFinite).min().orElseThrow();
        assertTrue(min < first * 0.8, kind + " never learned: first " + first + ", min " + min);
    }

    @Test
    void theCnnAndRegressionTasksTrain() {
        SweepResult cnn = BACKEND.run(TaskSpec.defaults().withSamples(256).withAugmentation(0.1, true),
                ModelSpec.defaults(ModelSpec.Kind.CNN),
                SweepConfig.builder().optSteps(30).optBatchSize(16).optLrMin(1e-3).optLrMax(1).build());
        assertEquals(30, cnn.curve().plannedSteps());
        assertTrue(cnn.curve().size() > 10);
        SweepResult regression = BACKEND.run(TaskSpec.defaults(TaskKind.REGRESSION).withSamples(512), SMALL_MLP,
                SweepConfig.builder().optSteps(80).optLrMin(1e-4).optLrMax(1).build());
        double min = Arrays.stream(regression.curve().losses()).min().orElseThrow();
        assertTrue(min < regression.curve().loss(0) * 0.8, "mse fell from " + regression.curve().loss(0) + " to " + min);
    }

    /** Plain SGD on the MLP takes the fused path; it must follow autograd + torch.optim.SGD. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void theFusedSgdPathFollowsAutogradAndTorchOptim(Activation activation) {
        ModelSpec mlp = new ModelSpec(ModelSpec.Kind.MLP, List.of(32, 16), activation);
        SweepConfig config = SweepConfig.builder().optSteps(60).optLrMin(1e-3).optLrMax(1)
                .optDivergence(DivergenceRule.none()).optOptimizer(new OptimizerSpec(OptimizerKind.SGD, 0, 1e-2)).build();
        assertFusedFollowsAutograd(mlp, config, 0.95);
    }

    static List<OptimizerSpec> statefulOptimizers() {
        return List.of(OptimizerSpec.of(OptimizerKind.ADAM),
                OptimizerSpec.builder(OptimizerKind.ADAM).optBetas(0.8, 0.99).optEps(1e-6).optWeightDecay(0.05).build(),
                OptimizerSpec.builder(OptimizerKind.ADAMW).optWeightDecay(0.1).build(),
                OptimizerSpec.builder(OptimizerKind.SGD).optMomentum(0.9).build(),
                OptimizerSpec.builder(OptimizerKind.SGD).optMomentum(0.8).optDampening(0.3).optWeightDecay(0.05).build(),
                OptimizerSpec.builder(OptimizerKind.NESTEROV).optMomentum(0.9).optWeightDecay(0.05).build());
    }

    /**
     * Adam, AdamW and SGD with momentum on the MLP take the fused path too (gradients into buffers,
     * one pass over each tensor and its optimizer state); it must follow autograd + torch.optim, the
     * state carried from step to step, at a rate that changes every step.
     */
    @ParameterizedTest
    @MethodSource("statefulOptimizers")
    void theFusedStatefulPathsFollowAutogradAndTorchOptim(OptimizerSpec optimizer) {
        ModelSpec mlp = new ModelSpec(ModelSpec.Kind.MLP, List.of(32, 16), Activation.TANH);
        boolean adam = optimizer.kind() == OptimizerKind.ADAM || optimizer.kind() == OptimizerKind.ADAMW;
        SweepConfig config = SweepConfig.builder().optSteps(60).optLrMin(1e-3).optLrMax(adam ? 0.1 : 0.5)
                .optDivergence(DivergenceRule.none()).optOptimizer(optimizer).build();
        assertFusedFollowsAutograd(mlp, config, 0.9);
    }

    /**
     * On a classification and a regression task: every loss of the 60-step curve within float32
     * rounding (1e-4 relative) of the autograd path's, and the curve falls below {@code learned} of
     * its first loss.
     */
    private static void assertFusedFollowsAutograd(ModelSpec mlp, SweepConfig config, double learned) {
        NativeBackend autograd = new NativeBackend("cpu", true);
        for (TaskSpec task : List.of(BLOBS, TaskSpec.defaults(TaskKind.REGRESSION).withSamples(512))) {
            double[] fused = BACKEND.run(task, mlp, config).curve().losses();
            double[] reference = autograd.run(task, mlp, config).curve().losses();
            assertEquals(60, fused.length);
            for (int i = 0; i < 60; i++) {
                assertEquals(reference[i], fused[i], 1e-4 * Math.abs(reference[i]) + 1e-6,
                        config.optimizer() + ", " + task.kind() + " step " + i);
            }
            double min = Arrays.stream(fused).min().orElseThrow();
            assertTrue(min < fused[0] * learned, task.kind() + " never learned: " + fused[0] + " -> " + min);
        }
    }
}
