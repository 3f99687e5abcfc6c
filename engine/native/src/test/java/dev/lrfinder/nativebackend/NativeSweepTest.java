package dev.lrfinder.nativebackend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.LossCurve;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.StopReason;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskKind;
import dev.lrfinder.task.TaskSpec;
import dev.lrfinder.task.Activation;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The native backend's sweep on the built-in tasks: grid, divergence, blocks, determinism. */
class NativeSweepTest {
    private static final NativeBackend BACKEND = new NativeBackend();
    private static final TaskSpec BLOBS = TaskSpec.named("blobs").withSamples(512);
    private static final TaskSpec PATTERNS = TaskSpec.defaults().withSamples(512);
    private static final ModelSpec SMALL_MLP = ModelSpec.mlp(32, 32);

    @BeforeEach
    void shim() {
        ShimAvailable.assume();
    }

    @Test
    void appliedLearningRatesAreTheScheduleGridExactly() {
        SweepConfig config = SweepConfig.builder().optLrMin(1e-5).optLrMax(1e-1).optSteps(40)
                .optDivergence(DivergenceRule.none()).build();
        SweepResult result = BACKEND.run(BLOBS, SMALL_MLP, config);
        assertEquals(StopReason.COMPLETED, result.curve().stopReason());
        // libtorch keeps the rate as a double: the applied rate is the grid's, not its float.
        assertTrue(Arrays.equals(config.lrGrid(), result.curve().lrs()));
        assertEquals(1e-1, result.curve().lr(39), 0);
        assertEquals("native", result.info().backend());
        assertEquals("1.13.1", result.info().engineVersion());
        assertEquals("cpu", result.info().device());
        assertTrue(result.info().stepsPerSecond() > 0);
    }

    @Test
    void aHighLrMaxDivergesWhereJavasRuleSaysSo() {
        SweepResult result = BACKEND.run(PATTERNS, SMALL_MLP, SweepConfig.builder().optLrMax(100).build());
        LossCurve curve = result.curve();
        assertTrue(curve.stopReason() == StopReason.DIVERGED || curve.stopReason() == StopReason.NON_FINITE,
                curve.stopReason().toString());
        assertTrue(curve.size() > 50 && curve.size() < 100, "stopped at " + curve.size());
        // The shim's check, replayed in Java on the recorded losses: silent until the last one.
        DivergenceRule.Monitor monitor = DivergenceRule.defaultRule().newMonitor();
        for (int i = 0; i < curve.size() - 1; i++) {
            assertNull(monitor.observe(curve.loss(i)), "Java's rule stops earlier, at " + i);
        }
        assertEquals(curve.stopReason(), monitor.observe(curve.loss(curve.size() - 1)));
    }

    @Test
    void readingLossesInBlocksGivesTheSameCurveAsReadingEachStep() {
        SweepConfig config = SweepConfig.builder().optLrMax(100).optLossReadInterval(1).build();
        SweepResult eachStep = BACKEND.run(BLOBS, SMALL_MLP, config);
        SweepResult blocks = BACKEND.run(BLOBS, SMALL_MLP, config.toBuilder().optLossReadInterval(16).build());
        assertEquals(eachStep.curve(), blocks.curve());
        assertNotEquals(StopReason.COMPLETED, eachStep.curve().stopReason());
    }

    @Test
    void sameSeedSameCurveToTheBitAndTheSeedMatters() {
        SweepConfig config = SweepConfig.builder().optSteps(60).optLrMin(1e-4).optLrMax(1).build();
        SweepResult a = BACKEND.run(BLOBS, SMALL_MLP, config);
        SweepResult b = BACKEND.run(BLOBS, SMALL_MLP, config);
        assertEquals(a.curve(), b.curve());
        SweepResult other = BACKEND.run(BLOBS, SMALL_MLP, config.toBuilder().optSeed(43).build());
        assertNotEquals(a.curve(), other.curve());
    }

    @Test
    void aLongScheduleRunsInSeveralNativeBlocksWithTheSameCurve() {
        // 600 steps at batch 8 take three native calls; the curve must not show the seams.
        SweepConfig config = SweepConfig.builder().optSteps(600).optBatchSize(8).optLrMin(1e-4).optLrMax(0.5)
                .optDivergence(DivergenceRule.none()).optLossReadInterval(7).build();
        SweepResult blocks = BACKEND.run(BLOBS, SMALL_MLP, config);
        SweepResult single = BACKEND.run(BLOBS, SMALL_MLP, config.toBuilder().optLossReadInterval(1).build());
        assertEquals(600, blocks.curve().size());
        assertEquals(single.curve(), blocks.curve());
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
        NativeBackend autograd = new NativeBackend("cpu", true);
        for (TaskSpec task : List.of(BLOBS, TaskSpec.defaults(TaskKind.REGRESSION).withSamples(512))) {
            double[] fused = BACKEND.run(task, mlp, config).curve().losses();
            double[] reference = autograd.run(task, mlp, config).curve().losses();
            assertEquals(60, fused.length);
            for (int i = 0; i < 60; i++) {
                assertEquals(reference[i], fused[i], 1e-4 * Math.abs(reference[i]) + 1e-6, task.kind() + " step " + i);
            }
            double min = Arrays.stream(fused).min().orElseThrow();
            assertTrue(min < fused[0] * 0.95, task.kind() + " never learned: " + fused[0] + " -> " + min);
        }
    }

    @Test
    void aFitTrainsAtOneRateFromTheRangeTestsStart() {
        SweepConfig config = SweepConfig.builder().optSteps(50).build();
        SweepResult fit = BACKEND.fit(BLOBS, SMALL_MLP, config, 0.05);
        assertEquals(50, fit.curve().size());
        assertTrue(Arrays.stream(fit.curve().lrs()).allMatch(lr -> lr == 0.05));
        assertEquals(BACKEND.run(BLOBS, SMALL_MLP, config).curve().loss(0), fit.curve().loss(0), 0);
        assertTrue(fit.curve().loss(49) < fit.curve().loss(0), "a fit at a sane rate learns");
    }
}
