package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepTimesTest {
    @Test
    void medianAndNearestRankP90() {
        long[] nanos = {5_000_000, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 6_000_000, 7_000_000, 8_000_000,
            9_000_000, 10_000_000, 0};
        StepTimes t = StepTimes.ofNanos(nanos, 10); // the trailing 0 is not a step
        assertEquals(5.5, t.median());
        assertEquals(9.0, t.p90());
        assertEquals(10.0, t.max());
    }

    @Test
    void noStepsIsNaN() {
        assertTrue(Double.isNaN(StepTimes.ofNanos(new long[0], 0).median()));
    }
}
