package dev.lrfinder.nativebackend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.Precision;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepData;
import dev.lrfinder.sweep.SweepListener;
import dev.lrfinder.sweep.SweepLoop;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.sweep.SweepSession;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** --precision bf16 on the CPU (libtorch's CPU autocast); fp16 is CUDA's. */
@ExtendWith(ShimExtension.class)
class NativePrecisionTest {
    private static final NativeBackend BACKEND = new NativeBackend();
    private static final TaskSpec TASK = TaskSpec.defaults().withSamples(1024);
    private static final ModelSpec MLP = ModelSpec.defaults(ModelSpec.Kind.MLP);
    private static final SweepConfig FP32 = SweepConfig.builder().optSteps(60).optLrMin(1e-4).optLrMax(1)
            .optDivergence(DivergenceRule.none()).build();
    private static final SweepConfig BF16 = FP32.toBuilder().optPrecision(Precision.BF16).build();

    /** bf16 products round to 8 bits of mantissa: the curve follows fp32's to about a percent, not to the bit. */
    private static void assertCloseNotEqual(double[] fp32, double[] bf16) {
        assertEquals(fp32.length, bf16.length);
        assertNotEquals(Arrays.toString(fp32), Arrays.toString(bf16), "bf16 ran in float32");
        for (int i = 0; i < fp32.length; i++) {
            assertEquals(fp32[i], bf16[i], 0.03 * Math.abs(fp32[i]) + 1e-3, "step " + i);
        }
    }

    @Test
    void aBf16CurveFollowsTheFp32OneOnTheDefaultTask() {
        SweepResult fp32 = BACKEND.run(TASK, MLP, FP32);
        SweepResult bf16 = BACKEND.run(TASK, MLP, BF16);
        assertCloseNotEqual(fp32.curve().losses(), bf16.curve().losses());
    }

    @Test
    void batchedReplicasRunBf16Too() {
        List<SweepConfig> configs = List.of(BF16, BF16.toBuilder().optSeed(BF16.seed() + 1).build());
        List<SweepResult> together = BACKEND.runReplicas(SweepData.of(TASK.trainingData()), MLP, configs,
                Collections.nCopies(2, SweepListener.NONE));
        for (int k = 0; k < 2; k++) {
            SweepConfig fp32 = configs.get(k).toBuilder().optPrecision(Precision.FP32).build();
            assertCloseNotEqual(BACKEND.run(TASK, MLP, fp32).curve().losses(), together.get(k).curve().losses());
        }
    }

    /** Autocast casts on the fly: the parameters stay float32 master weights, restored bit for bit. */
    @Test
    void theParametersStayFloat32AndAreRestoredBitForBit() {
        try (SweepSession session = BACKEND.open(TASK, MLP, BF16)) {
            NativeModel model = ((NativeSession) session).model();
            byte[] before = model.stateBytes();
            long bytes = model.parameterBytes();
            SweepResult result = SweepLoop.builder().setConfig(BF16).build().run(session);
            assertEquals(60, result.curve().size());
            assertEquals(bytes, model.parameterBytes(), "parameter bytes (float32)");
            assertArrayEquals(before, model.stateBytes());
        }
    }

    @Test
    void fp16IsRefusedOnTheCpu() {
        SweepConfig fp16 = FP32.toBuilder().optPrecision(Precision.FP16).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BACKEND.run(TASK, MLP, fp16));
        assertTrue(e.getMessage().startsWith("precision = fp16: must be fp32 or bf16 on cpu"), e.getMessage());
    }
}
