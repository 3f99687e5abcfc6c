package dev.lrfinder.sweep;

import java.util.Random;

/**
 * A small classification set for tests that bring their own data: three classes in {@code dims}
 * dimensions, unit Gaussian noise, class {@code c} shifted by 2 along axis {@code c}; row {@code i}
 * is class {@code i % 3}. Easy enough that any sane rate learns it within a few dozen steps.
 *
 * @param features {@code samples x dims} floats, row after row
 * @param targets one class index per row
 */
public record ShiftedClasses(float[] features, float[] targets, int samples, int dims) {

    public static ShiftedClasses of(int samples, int dims, long seed) {
        Random random = new Random(seed);
        float[] x = new float[samples * dims];
        float[] y = new float[samples];
        for (int i = 0; i < samples; i++) {
            y[i] = i % 3;
            for (int d = 0; d < dims; d++) {
                x[i * dims + d] = (float) (random.nextGaussian() + (d == y[i] ? 2 : 0));
            }
        }
        return new ShiftedClasses(x, y, samples, dims);
    }
}
