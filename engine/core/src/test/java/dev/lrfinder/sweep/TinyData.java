package dev.lrfinder.sweep;

import dev.lrfinder.task.BatchTransform;
import dev.lrfinder.task.TrainingData;
import java.nio.FloatBuffer;
import java.util.Random;

/**
 * A few rows of flat features for tests that check a backend's arithmetic against a computation of
 * their own: no augmentation, every row in memory.
 *
 * @param rows {@code samples x dims} floats, row after row
 * @param labels one target per row: a class id, or a value when {@code classes} is 0
 * @param halvedInJava an augmentation that runs in Java (features halved), so that backends
 *     assemble batches on the host
 */
public record TinyData(float[] rows, float[] labels, int dims, int classes, boolean halvedInJava)
        implements TrainingData {

    /** Regression targets {@code 0.5 x0 - x1 + 0.3 x2 + noise} (in [0, 1] with {@code unit}: squashed by a sigmoid). */
    public static TinyData regression(int samples, int dims, boolean unit, long seed) {
        Random random = new Random(seed);
        float[] x = new float[samples * dims];
        float[] y = new float[samples];
        for (int i = 0; i < samples; i++) {
            double t = 0.2 * random.nextGaussian();
            for (int d = 0; d < dims; d++) {
                x[i * dims + d] = (float) random.nextGaussian();
                t += x[i * dims + d] * (d % 3 == 0 ? 0.5 : d % 3 == 1 ? -1 : 0.3);
            }
            y[i] = (float) (unit ? 1 / (1 + Math.exp(-t)) : t);
        }
        return new TinyData(x, y, dims, 0, false);
    }

    /** {@link ShiftedClasses} with {@code classes} classes. */
    public static TinyData classes(int samples, int dims, int classes, long seed) {
        Random random = new Random(seed);
        float[] x = new float[samples * dims];
        float[] y = new float[samples];
        for (int i = 0; i < samples; i++) {
            y[i] = i % classes;
            for (int d = 0; d < dims; d++) {
                x[i * dims + d] = (float) (random.nextGaussian() + (d == y[i] ? 1 : 0));
            }
        }
        return new TinyData(x, y, dims, classes, false);
    }

    /** These data with {@link #halvedInJava()} on. */
    public TinyData halved() {
        return new TinyData(rows, labels, dims, classes, true);
    }

    @Override
    public BatchTransform newAugmenter(long seed) {
        if (!halvedInJava) {
            return null;
        }
        return (batch, offset, samples) -> {
            for (int i = offset; i < offset + samples * dims; i++) {
                batch[i] *= 0.5f;
            }
        };
    }

    @Override
    public FloatBuffer features() {
        return FloatBuffer.wrap(rows).asReadOnlyBuffer();
    }

    @Override
    public float[] targets() {
        return labels.clone();
    }

    @Override
    public long[] sampleShape() {
        return new long[] {dims};
    }

    @Override
    public int samples() {
        return labels.length;
    }

    @Override
    public String describe() {
        return "tiny data (" + samples() + " rows)";
    }
}
