package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random curves of every kind lrfinder may be handed: every method answers a finite lr inside the
 * analysed range [lrMin, lrMax], or "none" with a reason, and never throws.
 */
class PropertyTest {

    private static final List<Smoothing> SMOOTHINGS = List.of(Smoothing.debiasedEma(), Smoothing.ema(), Smoothing.none(),
            Smoothing.robust());

    static double[][] randomCurve(Random random) {
        int n = 1 + random.nextInt(random.nextBoolean() ? 30 : 400);
        double[] lrs = new double[n];
        double logLr = -8 + 4 * random.nextDouble();
        for (int i = 0; i < n; i++) {
            lrs[i] = Math.pow(10, logLr);
            // Mostly even steps, sometimes uneven, sometimes tiny.
            logLr += random.nextInt(4) == 0 ? 1e-9 + random.nextDouble() * 0.2 : 0.05;
        }
        double scale = Math.pow(10, -3 + 6 * random.nextDouble());
        double offset = random.nextInt(5) == 0 ? -scale * 5 : 0;
        double centre = random.nextDouble();
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            double u = n == 1 ? 0 : (double) i / (n - 1);
            double shape = switch (random.nextInt(4)) {
                case 0 -> 2 - 1 / (1 + Math.exp(-(u - centre) * 12)) + Math.exp((u - 0.9) * 10);
                case 1 -> Math.cos(3 * u);
                case 2 -> u;
                default -> 1;
            };
            losses[i] = offset + scale * (shape + random.nextGaussian() * random.nextDouble() * 0.3);
        }
        switch (random.nextInt(8)) {
            case 0 -> losses[random.nextInt(n)] = Double.NaN;
            case 1 -> Arrays.fill(losses, random.nextInt(n), n, Double.POSITIVE_INFINITY);
            case 2 -> losses[random.nextInt(n)] *= 1e6;
            case 3 -> losses[random.nextInt(n)] = Double.NEGATIVE_INFINITY;
            default -> { }
        }
        return new double[][] {lrs, losses};
    }

    @Test
    void everyMethodAnswersInsideTheSweptRangeOrNone() {
        Random random = new Random(20240601L);
        int present = 0;
        for (int trial = 0; trial < 1500; trial++) {
            double[][] curve = randomCurve(random);
            Smoothing smoothing = SMOOTHINGS.get(trial % SMOOTHINGS.size());
            AnalysisResult result = CurveAnalysis.analyze(curve[0], curve[1],
                    AnalysisOptions.builder().optSmoothing(smoothing).build());
            assertEquals(Method.values().length, result.suggestions().size());
            for (Suggestion s : result.suggestions().values()) {
                assertFalse(s.reason().isBlank());
                if (s.isPresent()) {
                    present++;
                    double[] lrs = result.lrs();
                    assertTrue(Double.isFinite(s.lr()) && s.lr() >= lrs[0] && s.lr() <= lrs[lrs.length - 1],
                            "trial " + trial + " " + s);
                    assertTrue(s.index() >= 0 && s.index() < lrs.length, "trial " + trial + " " + s);
                }
            }
        }
        assertTrue(present > 3000, "most random curves get answers: " + present);
    }

    @Test
    void compatPipelinesAnswerAFiniteLrOrNone() {
        Random random = new Random(7);
        for (int trial = 0; trial < 1500; trial++) {
            double[][] curve = randomCurve(random);
            double[] lrs = curve[0];
            int requested = Math.max(1, lrs.length + random.nextInt(21) - 10);
            for (Compat compat : Compat.values()) {
                AnalysisResult result = compat.analyze(lrs, curve[1], requested);
                for (Suggestion s : result.suggestions().values()) {
                    if (!s.isPresent()) {
                        assertFalse(s.reason().isBlank());
                        continue;
                    }
                    // fastai answers in float32, and its minimum divides by 10 with no check against lrMin.
                    double low = s.method() == Method.MINIMUM ? lrs[0] / 10 : lrs[0];
                    double slack = compat == Compat.FASTAI ? 1e-7 : 0;
                    assertTrue(s.lr() >= low * (1 - slack) && s.lr() <= lrs[lrs.length - 1] * (1 + slack),
                            compat + " trial " + trial + " " + s);
                }
            }
        }
    }
}
