package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SweepConfigTest {

    private static String messageOf(UnaryOperator<SweepConfig.Builder> change) {
        return assertThrows(IllegalArgumentException.class, () -> change.apply(SweepConfig.builder()).build())
                .getMessage();
    }

    @Test
    void defaultsAreFastaisRangeAndOneThread() {
        SweepConfig c = SweepConfig.defaults();
        assertEquals(1e-7, c.lrMin());
        assertEquals(10, c.lrMax());
        assertEquals(100, c.steps());
        assertEquals(LrSchedule.EXPONENTIAL, c.schedule());
        assertEquals(DivergenceRule.threshold(4), c.divergence());
        assertEquals(1, c.threads());
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void everyBadValueIsNamedWithWhatIsAllowed() {
        assertEquals("lrMin = -1.0: must be a finite number > 0", messageOf(b -> b.optLrMin(-1)));
        assertEquals("lrMin = NaN: must be a finite number > 0", messageOf(b -> b.optLrMin(Double.NaN)));
        assertEquals("lrMax = Infinity: must be a finite number > 0",
                messageOf(b -> b.optLrMax(Double.POSITIVE_INFINITY)));
        assertEquals("lrMax = 0.001: must be greater than lrMin (0.01)",
                messageOf(b -> b.optLrMin(0.01).optLrMax(0.001)));
        assertEquals("steps = 1: must be an integer in [2, 10000000]", messageOf(b -> b.optSteps(1)));
        assertEquals("batchSize = 0: must be an integer in [1, 1048576]", messageOf(b -> b.optBatchSize(0)));
        assertEquals("threads = 0: must be an integer in [1, 1024]", messageOf(b -> b.optThreads(0)));
        assertEquals("lossReadInterval = 0: must be an integer in [1, 1024]",
                messageOf(b -> b.optLossReadInterval(0)));
        assertEquals("schedule = null: must be one of exponential, linear", messageOf(b -> b.optSchedule(null)));
    }

    @Test
    void ratesAreRatesAFloat32Holds() {
        String allowed = ": must be in [1.1754944E-38, 3.4028235E38], what a float32 holds: the backends apply rates as float32";
        assertEquals("lrMin = 1.0E-320" + allowed, messageOf(b -> b.optLrMin(1e-320)));
        assertEquals("lrMin = 1.0E300" + allowed, messageOf(b -> b.optLrMin(1e300).optLrMax(1e308)));
        assertEquals("lrMax = 1.0E39" + allowed, messageOf(b -> b.optLrMax(1e39)));
        assertEquals("lr = 1.0E-40" + allowed,
                assertThrows(IllegalArgumentException.class, () -> SweepConfig.defaults().fixedLrGrid(1e-40)).getMessage());
        SweepConfig widest = SweepConfig.builder().optLrMin(SweepConfig.MIN_LR).optLrMax(SweepConfig.MAX_LR).build();
        for (double lr : widest.lrGrid()) {
            float applied = (float) lr;
            assertTrue(applied >= Float.MIN_NORMAL && Float.isFinite(applied), "every rate of the grid holds as float32: " + lr);
        }
    }

    @Test
    void optimizerValuesAreChecked() {
        var e = assertThrows(IllegalArgumentException.class, () -> new OptimizerSpec(OptimizerKind.MOMENTUM, 1.0, 0));
        assertEquals("momentum = 1.0: must be a number in [0.0, 1.0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OptimizerSpec(OptimizerKind.ADAMW, 0.9, -0.1));
        assertEquals("weightDecay = -0.1: must be a finite number >= 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptimizerKind.byId("lion"));
        assertEquals("optimizer = lion: must be one of sgd, momentum, nesterov, adam, adamw, rmsprop", e.getMessage());
    }

    @Test
    void divergenceParsesNumbersAndNone() {
        assertEquals(DivergenceRule.none(), DivergenceRule.parse("none"));
        assertEquals(DivergenceRule.threshold(5), DivergenceRule.parse("5"));
        assertEquals("divergence = 1.0: must be a finite number > 1 or 'none'",
                assertThrows(IllegalArgumentException.class, () -> DivergenceRule.parse("1")).getMessage());
        assertEquals("divergence = often: must be a number > 1 or 'none'",
                assertThrows(IllegalArgumentException.class, () -> DivergenceRule.parse("often")).getMessage());
    }

    @Test
    void aFixedRateGridHasOneRatePerStepAndRejectsABadRate() {
        double[] grid = SweepConfig.builder().optSteps(5).build().fixedLrGrid(0.03);
        assertEquals(5, grid.length);
        for (double lr : grid) {
            assertEquals(0.03, lr);
        }
        assertEquals("lr = 0.0: must be a finite number > 0",
                assertThrows(IllegalArgumentException.class, () -> SweepConfig.defaults().fixedLrGrid(0)).getMessage());
    }
}
