package dev.lrfinder.task;

import java.util.SplittableRandom;

/**
 * Interleaved spirals in the plane (two-spirals for 2 classes): arm {@code c} at angle offset
 * {@code 2 pi c / classes}, radius growing with the angle over 1.75 turns, jittered by {@code noise}.
 */
final class Spirals {
    private Spirals() {}

    static TaskData generate(TaskSpec spec) {
        SplittableRandom random = new SplittableRandom(spec.dataSeed());
        float[] x = new float[spec.samples() * 2];
        float[] y = new float[spec.samples()];
        for (int i = 0; i < spec.samples(); i++) {
            int label = i % spec.classes();
            double t = random.nextDouble(); // position along the arm, 0 = centre
            double angle = t * 3.5 * Math.PI + 2 * Math.PI * label / spec.classes();
            double radius = 0.1 + t;
            x[2 * i] = (float) (radius * Math.cos(angle) + spec.noise() * 0.1 * random.nextGaussian());
            x[2 * i + 1] = (float) (radius * Math.sin(angle) + spec.noise() * 0.1 * random.nextGaussian());
            y[i] = label;
        }
        return new TaskData(x, new long[] {2}, y, spec.samples(), spec.classes());
    }
}
