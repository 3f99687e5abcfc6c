package dev.lrfinder.nativebackend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.ReplicaGroup;
import dev.lrfinder.sweep.StopReason;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepData;
import dev.lrfinder.sweep.SweepListener;
import dev.lrfinder.sweep.SweepLoop;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskKind;
import dev.lrfinder.task.TaskSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Batched replicas: K range tests as one batched model give the K separate runs' curves. */
@ExtendWith(ShimExtension.class)
class NativeReplicasTest {
    private static final NativeBackend BACKEND = new NativeBackend();
    /** The separate runs through autograd and torch.optim, as the replicas' update is written. */
    private static final NativeBackend SEPARATE = new NativeBackend("cpu", true);
    private static final TaskSpec BLOBS = TaskSpec.named("blobs").withSamples(512);
    private static final ModelSpec SMALL_MLP = ModelSpec.mlp(32, 16);
    private static final int STEPS = 40;

    private static List<SweepConfig> seeds(SweepConfig config, int count) {
        return IntStream.range(0, count).mapToObj(i -> config.toBuilder().optSeed(config.seed() + i).build()).toList();
    }

    private static List<SweepResult> batched(SweepData data, ModelSpec model, List<SweepConfig> configs) {
        return BACKEND.runReplicas(data, model, configs, Collections.nCopies(configs.size(), SweepListener.NONE));
    }

    /** Float32 sums in another order (batched products, a per-replica mean): equal to a few ulps a step, drifting slowly. */
    private static void assertCurvesClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": recorded steps");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-3 * Math.abs(expected[i]) + 1e-5, what + ", step " + i);
        }
    }

    @Test
    void whatReplicasDoNotRunIsRefusedWithItsReason() {
        SweepData data = SweepData.of(BLOBS.trainingData());
        SweepConfig plain = SweepConfig.builder().optSteps(STEPS).build();
        assertTrue(BACKEND.replicasRefused(data, SMALL_MLP, plain).isEmpty());
        SweepConfig rmsprop = plain.toBuilder().optOptimizer(OptimizerSpec.of(OptimizerKind.RMSPROP)).build();
        assertTrue(BACKEND.replicasRefused(data, SMALL_MLP, rmsprop).orElseThrow().contains("sgd"));
        SweepConfig accumulated = plain.toBuilder().optAccumulate(2).build();
        assertTrue(BACKEND.replicasRefused(data, SMALL_MLP, accumulated).orElseThrow().contains("accumulation"));
        ModelSpec withBatchNorm = new ModelSpec(ModelSpec.Kind.MLP, List.of(32), dev.lrfinder.task.Activation.RELU, true, 0);
        assertTrue(BACKEND.replicasRefused(data, withBatchNorm, plain).orElseThrow().contains("batch norm"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> batched(data, SMALL_MLP, seeds(rmsprop, 2)));
        assertTrue(e.getMessage().startsWith("replicas = 2: must be 1: "), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = OptimizerKind.class, names = "RMSPROP", mode = EnumSource.Mode.EXCLUDE)
    void batchedMlpCurvesEqualSeparateRuns(OptimizerKind kind) {
        boolean adam = kind == OptimizerKind.ADAM || kind == OptimizerKind.ADAMW;
        SweepConfig config = SweepConfig.builder().optSteps(STEPS).optLrMin(1e-4).optLrMax(adam ? 0.05 : 1)
                .optDivergence(DivergenceRule.none()).optOptimizer(new OptimizerSpec(kind, 0.9, 1e-3)).build();
        SweepData data = SweepData.of(BLOBS.trainingData());
        List<SweepConfig> configs = seeds(config, 3);
        List<SweepResult> together = batched(data, SMALL_MLP, configs);
        for (int k = 0; k < configs.size(); k++) {
            SweepResult alone = SEPARATE.run(BLOBS, SMALL_MLP, configs.get(k));
            assertCurvesClose(alone.curve().losses(), together.get(k).curve().losses(), kind + " replica " + k);
            assertArrayEquals(alone.curve().lrs(), together.get(k).curve().lrs());
            assertEquals(configs.get(k).seed(), together.get(k).info().seed());
        }
    }

    @Test
    void batchedCnnAndRegressionCurvesEqualSeparateRuns() {
        TaskSpec images = TaskSpec.defaults().withSamples(256).withAugmentation(0, true); // flips, drawn per replica
        SweepConfig config = SweepConfig.builder().optSteps(25).optBatchSize(16).optLrMin(1e-3).optLrMax(0.5)
                .optDivergence(DivergenceRule.none()).optOptimizer(new OptimizerSpec(OptimizerKind.MOMENTUM, 0.9, 0))
                .build();
        ModelSpec cnn = ModelSpec.defaults(ModelSpec.Kind.CNN);
        List<SweepConfig> configs = seeds(config, 2);
        List<SweepResult> together = batched(SweepData.of(images.trainingData()), cnn, configs);
        for (int k = 0; k < configs.size(); k++) {
            assertCurvesClose(SEPARATE.run(images, cnn, configs.get(k)).curve().losses(), together.get(k).curve().losses(),
                    "cnn replica " + k);
        }
        TaskSpec regression = TaskSpec.defaults(TaskKind.REGRESSION).withSamples(512);
        SweepConfig mse = config.toBuilder().optBatchSize(32).optLrMax(0.1).build();
        List<SweepResult> fits = batched(SweepData.of(regression.trainingData()), SMALL_MLP, seeds(mse, 2));
        for (int k = 0; k < 2; k++) {
            assertCurvesClose(SEPARATE.run(regression, SMALL_MLP, seeds(mse, 2).get(k)).curve().losses(),
                    fits.get(k).curve().losses(), "regression replica " + k);
        }
    }

    /** Each replica starts from the weights its seed gives a single model, and is put back bit for bit. */
    @Test
    void everyReplicaStartsFromItsSeedsWeightsAndIsRestoredBitForBit() {
        SweepData data = SweepData.of(BLOBS.trainingData());
        SweepConfig config = SweepConfig.builder().optSteps(STEPS).optOptimizer(OptimizerSpec.of(OptimizerKind.ADAM))
                .optLrMax(1).build();
        List<SweepConfig> configs = seeds(config, 3);
        try (ReplicaGroup group = BACKEND.openReplicas(data, SMALL_MLP, configs)) {
            NativeReplicas replicas = (NativeReplicas) group;
            List<byte[]> before = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                before.add(replicas.stateBytes(k));
                try (NativeModel single = NativeModel.builtin(SMALL_MLP, BLOBS.trainingData().sampleShape(),
                        BLOBS.trainingData().outputs(), configs.get(k).seed(), "cpu")) {
                    assertArrayEquals(single.stateBytes(), before.get(k), "replica " + k + "'s initial weights");
                }
            }
            List<SweepLoop> loops = configs.stream().map(c -> SweepLoop.builder().setConfig(c).build()).toList();
            List<SweepResult> results = SweepLoop.runInLockstep(loops, group);
            for (int k = 0; k < 3; k++) {
                assertTrue(results.get(k).curve().size() > 10);
                assertArrayEquals(before.get(k), replicas.stateBytes(k), "replica " + k + " after the sweep");
            }
        }
    }

    /** A replica at a rate that blows up stops alone, with its reason; the others run on as if it were not there. */
    @Test
    void oneDivergingReplicaStopsAlone() {
        SweepData data = SweepData.of(BLOBS.trainingData());
        SweepConfig config = SweepConfig.builder().optSteps(STEPS).optLrMin(1e-4).optLrMax(0.5)
                .optOptimizer(OptimizerSpec.of(OptimizerKind.MOMENTUM)).build();
        List<SweepConfig> configs = seeds(config, 3);
        double[] blowUp = config.fixedLrGrid(1e4);
        try (ReplicaGroup group = BACKEND.openReplicas(data, SMALL_MLP, configs)) {
            List<SweepLoop> loops = List.of(SweepLoop.builder().setConfig(configs.get(0)).build(),
                    SweepLoop.builder().setConfig(configs.get(1)).optLrs(blowUp).build(),
                    SweepLoop.builder().setConfig(configs.get(2)).build());
            List<SweepResult> results = SweepLoop.runInLockstep(loops, group);
            SweepResult diverged = results.get(1);
            assertTrue(diverged.curve().stopReason() == StopReason.DIVERGED
                    || diverged.curve().stopReason() == StopReason.NON_FINITE, "stopped " + diverged.curve().stopReason());
            assertTrue(diverged.curve().size() < STEPS / 2, "ran " + diverged.curve().size() + " steps");
            assertEquals(diverged.curve().stopReason(), diverged.info().stopReason());
            for (int k : new int[] {0, 2}) {
                assertEquals(StopReason.COMPLETED, results.get(k).curve().stopReason(), "replica " + k);
                assertCurvesClose(SEPARATE.run(BLOBS, SMALL_MLP, configs.get(k)).curve().losses(),
                        results.get(k).curve().losses(), "replica " + k);
            }
        }
    }

    /** Candidate rates checked as one batched group: each fit is the fit alone, from the same weights and batches. */
    @Test
    void fitsAtSeveralRatesRunAsOneGroup() {
        SweepData data = SweepData.of(BLOBS.trainingData());
        SweepConfig config = SweepConfig.builder().optSteps(30).optOptimizer(OptimizerSpec.of(OptimizerKind.ADAM)).build();
        double[] lrs = {1e-3, 1e-2, 1e-1};
        List<SweepResult> fits = BACKEND.fitReplicas(data, SMALL_MLP, Collections.nCopies(3, config), lrs);
        for (int k = 0; k < 3; k++) {
            SweepResult alone = SEPARATE.fit(BLOBS, SMALL_MLP, config, lrs[k]);
            assertCurvesClose(alone.curve().losses(), fits.get(k).curve().losses(), "fit at " + lrs[k]);
            assertEquals(lrs[k], fits.get(k).curve().lrs()[29]);
        }
        assertEquals(fits.get(0).curve().loss(0), fits.get(2).curve().loss(0), 0, "the same start and first batch");
    }

    @Test
    void configsMustDifferOnlyInTheirSeeds() {
        SweepData data = SweepData.of(BLOBS.trainingData());
        SweepConfig config = SweepConfig.builder().optSteps(10).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BACKEND.openReplicas(data,
                SMALL_MLP, List.of(config, config.toBuilder().optBatchSize(32).build())));
        assertTrue(e.getMessage().startsWith("configs = "), e.getMessage());
        IllegalArgumentException graphs = assertThrows(IllegalArgumentException.class, () -> BACKEND.withCudaGraphs(true));
        assertTrue(graphs.getMessage().startsWith("cudaGraphs = on: must be off on device cpu"), graphs.getMessage());
    }
}
