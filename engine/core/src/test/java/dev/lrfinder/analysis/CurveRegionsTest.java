package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CurveRegionsTest {

    /**
     * The cosine curve (3 at u = -6, 1 at u = -2, 2 at u = 0, step 0.1): its starting level is the
     * median of its first 4 points, 2.9923, so the drop is 1.9923. It has fallen 10% of that at
     * u >= -6 + 0.834 (index 9), reaches the floor 1 + 5% of the drop at u >= -6 + 3.425 (index 35)
     * and leaves it for good after u = -6 + 4.575 (index 45).
     */
    @Test
    void theCosineCurveHasRegionsWhereItsFormulaPutsThem() {
        CurveRegions regions = CurveRegions.of(Curves.cosine(Curves.cosineGridLrs()), 0.05);
        assertEquals(new CurveRegions(9, 35, 46), regions);
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
        assertEquals(9, regions.fallStart());
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
}
