package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrainingScheduleTest {

    /** torch 1.13.1's OneCycleLR(max_lr=1, total_steps=10): the rate each of the 10 steps trains at. */
    @Test
    void oneCycleStepsAsTorchDoes() {
        double[] torch = {0.040000000000000036, 0.52, 1.0, 0.9504846320134737, 0.8117456539497631, 0.6112620219362893,
            0.38874197806371075, 0.18825834605023697, 0.049519367986526286, 4e-06};
        assertArrayEquals(torch, TrainingSchedule.ONE_CYCLE.rates(1, 10), 1e-12);
        double[] scaled = TrainingSchedule.ONE_CYCLE.rates(0.01, 10);
        assertEquals(0.01, Arrays.stream(scaled).max().orElseThrow(), 1e-15);
    }

    /** torch 1.13.1's CosineAnnealingLR(T_max=10), eta_min 0. */
    @Test
    void cosineDecaysAsTorchDoes() {
        double[] torch = {1.0, 0.9755282581475768, 0.9045084971874737, 0.7938926261462366, 0.6545084971874737, 0.5,
            0.34549150281252633, 0.2061073738537635, 0.09549150281252633, 0.024471741852423234};
        assertArrayEquals(torch, TrainingSchedule.COSINE.rates(1, 10), 1e-12);
    }

    @Test
    void constantHoldsTheRate() {
        assertArrayEquals(new double[] {0.3, 0.3, 0.3}, TrainingSchedule.CONSTANT.rates(0.3, 3));
    }

    @Test
    void idsAndBadIds() {
        assertEquals(TrainingSchedule.ONE_CYCLE, TrainingSchedule.byId("OneCycle"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingSchedule.byId("step"));
        assertEquals("for = step: must be one of constant, onecycle, cosine", e.getMessage());
    }
}
