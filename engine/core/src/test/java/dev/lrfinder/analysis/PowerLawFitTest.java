package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PowerLawFitTest {
    @Test
    void anExactSquareRootLawIsFoundWithAPointInterval() {
        double[] b = {32, 64, 128, 256};
        double[] lr = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            lr[i] = 0.01 * Math.sqrt(b[i]);
        }
        PowerLawFit fit = PowerLawFit.fit(b, lr);
        assertEquals(0.5, fit.exponent(), 1e-12);
        assertEquals(0.01, fit.coefficient(), 1e-12);
        assertEquals(0.5, fit.ciLow(), 1e-6);
        assertEquals(0.5, fit.ciHigh(), 1e-6);
        assertEquals(0.01 * Math.sqrt(100), fit.lrAt(100), 1e-12);
    }

    @Test
    void noisyRunsOfALinearLawAdmitTheLinearRuleAndRejectTheSquareRoot() {
        Random random = new Random(7);
        int runs = 5;
        double[] sizes = {16, 32, 64, 128, 256, 512};
        double[] b = new double[sizes.length * runs];
        double[] lr = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = sizes[i / runs];
            lr[i] = 1e-3 * b[i] * Math.exp(0.15 * random.nextGaussian()); // runs scatter by ~15%
        }
        PowerLawFit fit = PowerLawFit.fit(b, lr);
        assertEquals(30, fit.points());
        assertEquals(6, fit.batchSizes());
        assertTrue(fit.ciLow() < fit.exponent() && fit.exponent() < fit.ciHigh());
        assertTrue(fit.admits(PowerLawFit.LINEAR_RULE), fit.toString());
        assertFalse(fit.admits(PowerLawFit.SQUARE_ROOT_RULE), fit.toString());
    }

    @Test
    void twoPointsHaveNoIntervalAndOneBatchSizeNoFit() {
        PowerLawFit two = PowerLawFit.fit(new double[] {32, 64}, new double[] {0.1, 0.2});
        assertEquals(1.0, two.exponent(), 1e-12);
        assertTrue(Double.isNaN(two.ciLow()));
        assertFalse(two.admits(1.0), "no interval admits nothing");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PowerLawFit.fit(new double[] {32, 32}, new double[] {0.1, 0.2}));
        assertEquals("batchSizes = [32.0]: must be at least 2 distinct batch sizes for a power law", e.getMessage());
    }
}
