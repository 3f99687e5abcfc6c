package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DerivativesTest {

    @Test
    void indexGradientIsNumpys() {
        // np.gradient([0, 1, 4, 9, 16]) = [1, 2, 4, 6, 7]
        assertArrayEquals(new double[] {1, 2, 4, 6, 7}, Derivatives.gradient(new double[] {0, 1, 4, 9, 16}), 0);
    }

    @Test
    void nonUniformGradientIsExactForAParabolaInside() {
        // f = x^2 at x = 0, 1, 3, 4: 2x inside (2, 6), one-sided at the ends: (1 - 0)/1 and (16 - 9)/1.
        double[] g = Derivatives.gradient(new double[] {0, 1, 9, 16}, new double[] {0, 1, 3, 4});
        assertArrayEquals(new double[] {1, 2, 6, 7}, g, 1e-12);
    }

    @Test
    void equalSpacingUsesTheUniformFormulaLikeNumpy() {
        // np.gradient([0, 1, 4, 9], [0, 2, 4, 6]) = [0.5, 1, 2, 2.5]
        assertArrayEquals(new double[] {0.5, 1, 2, 2.5},
                Derivatives.gradient(new double[] {0, 1, 4, 9}, new double[] {0, 2, 4, 6}), 0);
    }

    @Test
    void slopeOverLog10LrOfTheCosineCurveIsItsDerivative() {
        double[] lrs = Curves.cosineGridLrs();
        double[] g = Derivatives.gradient(Curves.cosine(lrs), Derivatives.log10(lrs));
        // d/du [2 + cos(pi (u+6)/4)] at u = -4 is -pi/4; the central difference loses (pi h/4)^2/6 of it.
        assertEquals(-Math.PI / 4, g[20], 1e-3);
    }

    @Test
    void tooFewPointsAreRejected() {
        assertEquals("f = 1 points: must be at least 2 points for a gradient",
                assertThrows(IllegalArgumentException.class, () -> Derivatives.gradient(new double[] {1})).getMessage());
    }

    @Test
    void unorderedCoordinatesAreRejected() {
        assertEquals("x[2] = 1.0: must be greater than x[1] = 2.0 (x must be strictly increasing)",
                assertThrows(IllegalArgumentException.class,
                        () -> Derivatives.gradient(new double[] {1, 2, 3}, new double[] {0, 2, 1})).getMessage());
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertEquals("x = 2 points: must be as many points as f (3)",
                assertThrows(IllegalArgumentException.class,
                        () -> Derivatives.gradient(new double[] {1, 2, 3}, new double[] {0, 1})).getMessage());
    }
}
