package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

    @Test
    void exponentialGridStartsAtLrMinEndsAtLrMaxAndFollowsTheFormula() {
        double[] lrs = LrSchedule.EXPONENTIAL.grid(100, 1e-7, 10);
        assertEquals(1e-7, lrs[0], 0);
        assertEquals(10, lrs[99], 0);
        for (int i = 0; i < 100; i++) {
            double expected = 1e-7 * Math.pow(10 / 1e-7, i / 99.0);
            assertEquals(expected, lrs[i], expected * 1e-12, "step " + i);
        }
        // Equal ratios between neighbours: equal steps in log(lr).
        assertEquals(lrs[1] / lrs[0], lrs[99] / lrs[98], 1e-9);
    }

    @Test
    void linearGridHasEqualSteps() {
        double[] lrs = LrSchedule.LINEAR.grid(5, 0.1, 0.5);
        assertEquals(0.1, lrs[0], 0);
        assertEquals(0.2, lrs[1], 1e-15);
        assertEquals(0.3, lrs[2], 1e-15);
        assertEquals(0.5, lrs[4], 0);
    }

    @Test
    void twoStepsAreJustTheEnds() {
        double[] lrs = LrSchedule.EXPONENTIAL.grid(2, 1e-3, 1);
        assertEquals(1e-3, lrs[0], 0);
        assertEquals(1, lrs[1], 0);
    }

    @Test
    void badArgumentsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> LrSchedule.EXPONENTIAL.lrAt(5, 5, 1e-3, 1));
        assertEquals("step = 5: must be an integer in [0, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LrSchedule.byId("cosine"));
        assertEquals("schedule = cosine: must be one of exponential, linear", e.getMessage());
    }

    @Test
    void idsRoundTrip() {
        for (LrSchedule s : LrSchedule.values()) {
            assertEquals(s, LrSchedule.byId(s.id().toUpperCase()));
        }
    }
}
