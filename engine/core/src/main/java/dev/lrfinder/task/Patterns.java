package dev.lrfinder.task;

import java.util.SplittableRandom;

/**
 * 1x28x28 images of random class-conditional patterns. Each class has a prototype made of a few
 * Gaussian bumps and strokes at random places; a sample is its prototype shifted by up to two
 * pixels each way plus {@code noise * N(0, 1)} per pixel. Classes overlap enough that a small model
 * does not reach zero loss in a sweep, and shifts reward a CNN's translation invariance.
 */
final class Patterns {
    static final int SIDE = 28;
    private static final int BUMPS_PER_CLASS = 4;
    private static final int MAX_SHIFT = 2;

    private Patterns() {}

    static TaskData generate(TaskSpec spec) {
        SplittableRandom random = new SplittableRandom(spec.dataSeed());
        float[][] prototypes = new float[spec.classes()][];
        for (int c = 0; c < prototypes.length; c++) {
            prototypes[c] = prototype(random);
        }
        int pixels = SIDE * SIDE;
        float[] x = new float[spec.samples() * pixels];
        float[] y = new float[spec.samples()];
        for (int i = 0; i < spec.samples(); i++) {
            int label = i % spec.classes();
            y[i] = label;
            int dx = random.nextInt(-MAX_SHIFT, MAX_SHIFT + 1);
            int dy = random.nextInt(-MAX_SHIFT, MAX_SHIFT + 1);
            float[] proto = prototypes[label];
            int base = i * pixels;
            for (int r = 0; r < SIDE; r++) {
                int sr = r - dy;
                for (int col = 0; col < SIDE; col++) {
                    int sc = col - dx;
                    float v = sr >= 0 && sr < SIDE && sc >= 0 && sc < SIDE ? proto[sr * SIDE + sc] : 0f;
                    x[base + r * SIDE + col] = (float) (v + spec.noise() * random.nextGaussian());
                }
            }
        }
        return new TaskData(x, new long[] {1, SIDE, SIDE}, y, spec.samples(), spec.classes());
    }

    private static float[] prototype(SplittableRandom random) {
        float[] image = new float[SIDE * SIDE];
        for (int b = 0; b < BUMPS_PER_CLASS; b++) {
            double cr = 4 + random.nextDouble() * (SIDE - 8);
            double cc = 4 + random.nextDouble() * (SIDE - 8);
            // An elongated bump at a random angle: a blob or a short stroke.
            double sigmaLong = 1.5 + random.nextDouble() * 4;
            double sigmaShort = 1.0 + random.nextDouble() * 1.5;
            double angle = random.nextDouble() * Math.PI;
            double cos = Math.cos(angle), sin = Math.sin(angle);
            double sign = random.nextDouble() < 0.8 ? 1 : -1;
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    double u = (r - cr) * cos + (c - cc) * sin;
                    double v = -(r - cr) * sin + (c - cc) * cos;
                    double q = u * u / (sigmaLong * sigmaLong) + v * v / (sigmaShort * sigmaShort);
                    image[r * SIDE + c] += (float) (sign * Math.exp(-0.5 * q));
                }
            }
        }
        return image;
    }
}
