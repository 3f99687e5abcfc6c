package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.ShiftedClasses;
import dev.lrfinder.sweep.StopReason;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Snapshots put parameters and optimizer state back bit for bit, whatever the sweep did. */
@ExtendWith(ShimExtension.class)
class NativeRestoreTest {
    private static final int SAMPLES = 256;
    private static final int DIMS = 8;

    private static NativeData data(Arena arena, float[] features, float[] targets) {
        return NativeData.of(arena.allocateFrom(JAVA_FLOAT, features), arena.allocateFrom(JAVA_FLOAT, targets),
                new long[] {DIMS}, "cpu");
    }

    private static NativeData data(Arena arena) {
        ShiftedClasses classes = ShiftedClasses.of(SAMPLES, DIMS, 5);
        return data(arena, classes.features(), classes.targets());
    }

    private static NativeModel model() {
        return NativeModel.builtin(ModelSpec.mlp(16, 16), new long[] {DIMS}, 3, 9, "cpu");
    }

    @Test
    void aDivergingSweepLeavesTheModelAsItWas(Arena arena) {
        try (NativeModel model = model(); NativeData data = data(arena)) {
            byte[] before = model.stateBytes();
            SweepResult result = NativeRangeTest.builder().setModel(model).setData(data).setLoss("cross_entropy")
                    .optConfig(SweepConfig.builder().optLrMax(1000).optBatchSize(32).build()).build().run();
            assertNotEquals(StopReason.COMPLETED, result.curve().stopReason());
            assertArrayEquals(before, model.stateBytes());
        }
    }

    @Test
    void aSweepThatThrowsMidwayStillRestores(Arena arena) {
        float[] targets = ShiftedClasses.of(SAMPLES, DIMS, 5).targets();
        targets[200] = 7; // a class the model does not have: cross-entropy fails when row 200 comes up
        try (NativeModel model = model(); NativeData data = data(arena, new float[SAMPLES * DIMS], targets)) {
            byte[] before = model.stateBytes();
            var e = assertThrows(NativeException.class, () -> NativeRangeTest.builder().setModel(model).setData(data)
                    .setLoss("cross_entropy").optConfig(SweepConfig.builder().optBatchSize(32).build()).build().run());
            assertTrue(e.getMessage().contains("out of bounds"), e.getMessage());
            assertArrayEquals(before, model.stateBytes());
        }
    }

    @Test
    void anInterruptedSweepReturnsWhatItHasAndRestores(Arena arena) {
        try (NativeModel model = model(); NativeData data = data(arena)) {
            byte[] before = model.stateBytes();
            Thread.currentThread().interrupt();
            try {
                SweepResult result = NativeRangeTest.builder().setModel(model).setData(data).setLoss("cross_entropy")
                        .build().run();
                assertEquals(StopReason.INTERRUPTED, result.curve().stopReason());
                assertEquals(0, result.curve().size());
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
            } finally {
                Thread.interrupted();
            }
            assertArrayEquals(before, model.stateBytes());
        }
    }

    /**
     * Steps, snapshot, steps (A), restore, the same steps again (B): A and B agree to the bit only
     * if the restore put back the optimizer's state (momentum, Adam's moments and step) as well as
     * the weights.
     */
    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void optimizerStateIsRestoredToo(OptimizerKind kind, Arena arena) {
        SweepConfig config = SweepConfig.builder().optOptimizer(new OptimizerSpec(kind, 0.9, 1e-3)).build();
        try (NativeModel model = model(); NativeData data = data(arena);
                NativeTrainer trainer = NativeTrainer.create(model, "cross_entropy", config)) {
            BatchSampler sampler = BatchSampler.forPlans(SAMPLES, 16, 0, false, 3);
            long[][] plans = new long[12][16];
            byte[] flips = new byte[16];
            int[] offsets = new int[16];
            for (long[] plan : plans) {
                sampler.nextPlan(plan, flips, offsets, 0);
            }
            double lr = kind == OptimizerKind.ADAM || kind == OptimizerKind.ADAMW ? 0.01 : 0.1;
            for (int i = 0; i < 4; i++) {
                trainer.step(data, lr, plans[i], null, null);
            }
            byte[] atSnapshot = model.stateBytes();
            double[] first = new double[8];
            double[] second = new double[8];
            try (NativeSnapshot snapshot = trainer.snapshot()) {
                for (int i = 0; i < 8; i++) {
                    first[i] = trainer.step(data, lr, plans[4 + i], null, null);
                }
                assertFalse(java.util.Arrays.equals(atSnapshot, model.stateBytes()));
                snapshot.restore();
                assertArrayEquals(atSnapshot, model.stateBytes());
                for (int i = 0; i < 8; i++) {
                    second[i] = trainer.step(data, lr, plans[4 + i], null, null);
                }
            }
            assertArrayEquals(first, second, 0, kind.id());
        }
    }
}
