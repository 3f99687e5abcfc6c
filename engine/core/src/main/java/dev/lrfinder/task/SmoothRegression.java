package dev.lrfinder.task;

import java.util.SplittableRandom;

/**
 * Regression: inputs uniform in [-1, 1]^dims; the target mixes a sine of one random projection, a
 * square of another and a linear term, then adds {@code noise * N(0, 1)}; targets are of order 1.
 */
final class SmoothRegression {
    private SmoothRegression() {}

    static TaskData generate(TaskSpec spec) {
        SplittableRandom random = new SplittableRandom(spec.dataSeed());
        int dims = spec.dims();
        double[] a = unitVector(random, dims);
        double[] b = unitVector(random, dims);
        double[] c = unitVector(random, dims);
        float[] x = new float[spec.samples() * dims];
        float[] y = new float[spec.samples()];
        for (int i = 0; i < spec.samples(); i++) {
            double pa = 0, pb = 0, pc = 0;
            for (int d = 0; d < dims; d++) {
                double v = 2 * random.nextDouble() - 1;
                x[i * dims + d] = (float) v;
                pa += a[d] * v;
                pb += b[d] * v;
                pc += c[d] * v;
            }
            y[i] = (float) (Math.sin(3 * pa) + pb * pb + 0.5 * pc + spec.noise() * random.nextGaussian());
        }
        return new TaskData(x, new long[] {dims}, y, spec.samples(), 0);
    }

    private static double[] unitVector(SplittableRandom random, int dims) {
        double[] v = new double[dims];
        double norm = 0;
        for (int d = 0; d < dims; d++) {
            v[d] = random.nextGaussian();
            norm += v[d] * v[d];
        }
        norm = Math.sqrt(norm);
        for (int d = 0; d < dims; d++) {
            v[d] /= norm;
        }
        return v;
    }
}
