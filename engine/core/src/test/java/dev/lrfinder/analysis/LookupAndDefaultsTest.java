package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LookupAndDefaultsTest {

    @Test
    void methodsAreFoundByTheirCommandLineIds() {
        assertEquals(List.of("minimum", "steep", "valley", "slide", "slide-relative", "steepest", "divergence"), Method.ids());
        for (Method method : Method.values()) {
            assertEquals(method, Method.byId(method.id().toUpperCase(java.util.Locale.ROOT)));
        }
    }

    @Test
    void unknownMethodIdsListTheKnownOnes() {
        assertEquals("methods = lowest: must be one of minimum, steep, valley, slide, slide-relative, steepest, "
                + "divergence", assertThrows(IllegalArgumentException.class, () -> Method.byId("lowest")).getMessage());
    }

    @Test
    void theDefaultMethodIsOneConstant() {
        assertEquals(Method.DIVERGENCE, AnalysisOptions.DEFAULT_METHOD);
        Method rule = TargetRule.of(TargetRule.DEFAULT_TARGET).method(); // the default target's rule decides
        assertEquals(rule, AnalysisOptions.defaults().defaultMethod());
        assertEquals(rule, CurveAnalysis.analyze(new double[] {1e-3}, new double[] {1}).defaultMethod());
    }

    @Test
    void percentilesOfManyEqualValuesTakeLinearTime() {
        // 200,000 equal values: a partition that sends every tie one way would need ~2e10 steps.
        double[] equal = new double[200_000];
        java.util.Arrays.fill(equal, 0.7);
        double[] out = new double[3];
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(2),
                () -> Quantiles.quartiles(equal, equal.length, out));
        assertEquals(0.7, out[0]);
        assertEquals(0.7, out[1]);
        assertEquals(0.7, out[2]);
    }

    @Test
    void quartilesEqualThreeSeparatePercentiles() {
        Random random = new Random(9);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(500);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(30) + random.nextGaussian();
            }
            double[] out = new double[3];
            Quantiles.quartiles(values.clone(), n, out);
            for (int q = 0; q < 3; q++) {
                assertEquals(Quantiles.percentile(values.clone(), n, 0.25 * (q + 1)), out[q], 1e-12, "trial " + trial);
            }
        }
    }

    @Test
    void percentilesMatchNumpysLinearInterpolation() {
        // np.percentile([1, 2, 3, 4], [25, 50, 75]) = [1.75, 2.5, 3.25]
        assertEquals(1.75, Quantiles.percentile(new double[] {4, 1, 3, 2}, 4, 0.25));
        assertEquals(2.5, Quantiles.percentile(new double[] {4, 1, 3, 2}, 4, 0.5));
        assertEquals(3.25, Quantiles.percentile(new double[] {4, 1, 3, 2}, 4, 0.75));
        Random random = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(200);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(20); // ties on purpose
            }
            double[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            double p = random.nextDouble();
            double position = p * (n - 1);
            int lower = (int) Math.floor(position);
            double expected = lower + 1 < n ? sorted[lower] + (position - lower) * (sorted[lower + 1] - sorted[lower])
                    : sorted[lower];
            assertEquals(expected, Quantiles.percentile(values, n, p), 1e-12, "trial " + trial);
        }
    }
}
