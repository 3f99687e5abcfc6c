package dev.lrfinder.bench;

import dev.lrfinder.data.DataKind;
import dev.lrfinder.data.LoadedData;
import dev.lrfinder.sweep.SweepData;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * CIFAR-shaped data for the architecture benchmarks: 3 x side x side Gaussian images, 10 classes
 * in turn. What they depict does not matter for speed; the Python peer makes its own the same way.
 */
final class RgbImages {
    static final int CLASSES = 10;

    private RgbImages() {}

    static SweepData of(int samples, int side, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[samples * 3 * side * side];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] y = new float[samples];
        for (int i = 0; i < samples; i++) {
            y[i] = i % CLASSES;
        }
        List<String> names = IntStream.range(0, CLASSES).mapToObj(Integer::toString).toList();
        return SweepData.of(LoadedData.of("rgb " + side + "px", FloatBuffer.wrap(x), new long[] {3, side, side}, y,
                DataKind.CLASSIFICATION, names).trainingData());
    }
}
