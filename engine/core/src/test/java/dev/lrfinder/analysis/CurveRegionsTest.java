package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CurveRegionsTest {

    /**
     * The cosine curve (3 at u = -6, 1 at u = -2, 2 at u = 0, step 0.1): its slope is -sin(pi (u + 6) / 4)
     * times pi/4, steepest at u = -4; a quarter of that from u >= -6 + 0.322 (index 4, also the first
     * index past the first tenth before the minimum) to u <= -6 + 3.678. Its starting level is the
     * median of its first 4 points, 2.9923, so the drop is 1.9923; it reaches the floor 1 + 5% of the
     * drop at u >= -6 + 3.425 (index 35), which ends the sweet spot, and leaves it for good after
     * u = -6 + 4.575 (index 45).
     */
    @Test
    void theCosineCurveHasRegionsWhereItsFormulaPutsThem() {
        CurveRegions regions = CurveRegions.of(Curves.cosine(Curves.cosineGridLrs()), 0.05);
        assertEquals(new CurveRegions(4, 35, 46), regions);
        assertTrue(regions.falls());
        assertTrue(regions.diverges());
    }

    @Test
    void aCurveThatEndsOnItsFloorDoesNotDiverge() {
        double[] lrs = Curves.cosineGridLrs();
        double[] losses = Curves.cosine(lrs);
        double[] toMinimum = java.util.Arrays.copyOf(losses, 44);
        CurveRegions regions = CurveRegions.of(toMinimum, 0.05);
        assertEquals(-1, regions.turnUp());
        assertFalse(regions.diverges());
        assertEquals(4, regions.fallStart());
    }

    @Test
    void aRisingOrFlatCurveHasNoSweetSpot() {
        assertEquals(CurveRegions.NONE, CurveRegions.of(new double[] {1, 1, 1, 1}, 0.05));
        assertEquals(CurveRegions.NONE, CurveRegions.of(new double[] {1, 2, 3, 4}, 0.05));
        assertEquals(CurveRegions.NONE, CurveRegions.of(new double[] {2, 1}, 0.05));
    }

    @Test
    void badInputIsRejectedWithItsValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> CurveRegions.of(new double[] {1, Double.NaN, 0}, 0.05));
        assertEquals("smoothedLoss[1] = NaN: must be finite", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CurveRegions.of(new double[] {1, 0.5, 0}, 1));
        assertEquals("floorTolerance = 1.0: must be a number in [0.0, 1.0)", e.getMessage());
    }

    /**
     * A spirals-like median curve: flat at 0.694 from 1e-7 to 1e-4 with noise a tenth of the drop,
     * a fall of 0.009 over the next 1.3 decades, a floor, then the blow-up. A level threshold reads
     * the noise as the start of the fall (a sweet spot of four decades and more); the slope does not.
     */
    @Test
    void aNoisyPlateauIsNotReadAsTheSweetSpot() {
        java.util.Random random = new java.util.Random(7);
        int n = 100;
        double[] lrs = new double[n];
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            double u = -7 + 8.0 * i / (n - 1);
            lrs[i] = Math.pow(10, u);
            double fall = 0.009 * Math.clamp((u + 4) / 1.3, 0, 1);
            double blow = u > -1.7 ? 0.05 * Math.pow(u + 1.7, 2) : 0;
            losses[i] = 0.694 - fall + blow + 0.0009 * random.nextGaussian();
        }
        CurveRegions regions = CurveRegions.of(lrs, losses, 0.05);
        assertTrue(regions.falls());
        double from = Math.log10(lrs[regions.fallStart()]);
        double to = Math.log10(lrs[regions.floorStart()]);
        assertTrue(to - from < 2, "the sweet spot spans " + (to - from) + " decades, from 1e" + from + " to 1e" + to);
        assertTrue(from > -4.6 && to < -2.2, "it lies on the fall (1e-4 to 1e-2.7): 1e" + from + " to 1e" + to);
    }

    @Test
    void theSlopeOfALineIsItsSlopeEverywhereEvenOverAMillionPoints() {
        int n = 1_000_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -7 + 8.0 * i / (n - 1);
            y[i] = 3 - 0.25 * x[i];
        }
        double[] slope = CurveRegions.slopes(x, y, 0.5);
        for (int i = 0; i < n; i += 9973) {
            assertEquals(-0.25, slope[i], 1e-6, "at " + i);
        }
    }
}
