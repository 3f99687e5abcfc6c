package dev.lrfinder.task;

import java.util.SplittableRandom;

/** Gaussian blobs: class centres drawn from N(0, 4 I), samples at centre + N(0, noise^2 I). */
final class Blobs {
    private Blobs() {}

    static TaskData generate(TaskSpec spec) {
        SplittableRandom random = new SplittableRandom(spec.dataSeed());
        int dims = spec.dims();
        double[][] centres = new double[spec.classes()][dims];
        for (double[] centre : centres) {
            for (int d = 0; d < dims; d++) {
                centre[d] = 2 * random.nextGaussian();
            }
        }
        float[] x = new float[spec.samples() * dims];
        float[] y = new float[spec.samples()];
        for (int i = 0; i < spec.samples(); i++) {
            int label = i % spec.classes();
            y[i] = label;
            for (int d = 0; d < dims; d++) {
                x[i * dims + d] = (float) (centres[label][d] + spec.noise() * random.nextGaussian());
            }
        }
        return new TaskData(x, new long[] {dims}, y, spec.samples(), spec.classes());
    }
}
