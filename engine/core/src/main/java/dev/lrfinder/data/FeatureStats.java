package dev.lrfinder.data;

import dev.lrfinder.base.Checks;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A per-group z-score, {@code (x - mean[g]) / std[g]}: per feature (group size 1, as
 * {@code standardize} does) or per channel (group size {@code height x width}, as image
 * normalisation does). Group {@code g} covers elements {@code [g * groupSize, (g + 1) * groupSize)}
 * of every sample. A standard deviation of 0 (a constant feature) divides by 1.
 *
 * @param mean each group's mean
 * @param std each group's standard deviation (population, as PyTorch and scikit-learn's scaler use)
 * @param groupSize elements per group
 */
public record FeatureStats(double[] mean, double[] std, int groupSize) {

    /**
     * Feature scales (standard deviations) differing by more than this factor draw a warning when
     * the features are not standardised. 100x is where SGD at one learning rate starts to serve
     * the largest feature only; raise it to silence the warning for data known to be fine.
     */
    public static final double DEFAULT_SCALE_RATIO_WARNING = 100;

    public FeatureStats {
        mean = mean.clone();
        std = std.clone();
        if (mean.length == 0 || mean.length != std.length) {
            throw Checks.invalid("mean", mean.length + " values", "as many values as std (" + std.length + "), at least 1");
        }
        Checks.inRange("groupSize", groupSize, 1, Integer.MAX_VALUE);
        for (int g = 0; g < mean.length; g++) {
            if (!Double.isFinite(mean[g])) {
                throw Checks.invalid("mean[" + g + "]", mean[g], "a finite number");
            }
            Checks.nonNegative("std[" + g + "]", std[g]);
        }
    }

    /** Each feature's mean and standard deviation over {@code data}'s samples. */
    public static FeatureStats perFeature(LoadedData data) {
        return measure(data.block(), 1);
    }

    /** Each channel's mean and standard deviation over {@code data}'s images ({@code C x H x W}). */
    public static FeatureStats perChannel(LoadedData data) {
        long[] shape = data.schema().sampleShape();
        if (shape.length != 3) {
            throw Checks.invalid("sampleShape", data.schema().shapeText(), "channels x height x width for per-channel statistics");
        }
        return measure(data.block(), (int) (shape[1] * shape[2]));
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    public int groups() {
        return mean.length;
    }

    /** Elements per sample these statistics cover. */
    public int featureSize() {
        return mean.length * groupSize;
    }

    /** {@code raw} of element {@code element} of a sample, normalised. */
    public float normalised(float raw, int element) {
        int g = element / groupSize;
        return (float) ((raw - mean[g]) / divisor(g));
    }

    /** The raw value that normalises to {@code value} at element {@code element}. */
    public float raw(float value, int element) {
        int g = element / groupSize;
        return (float) (value * divisor(g) + mean[g]);
    }

    /** A copy of {@code data} normalised with these statistics (its own block; {@code data} is left as it is). */
    public LoadedData applyTo(LoadedData data) {
        FeatureBlock copy = data.block().gather(identity(data.samples()), data.source());
        applyInPlace(copy, data.schema().featureSize());
        return data.withBlock(copy, data.scaling().map(s -> s.then(this)).orElse(this));
    }

    /** Normalising with {@code this} and then with {@code next}, as one transform. */
    public FeatureStats then(FeatureStats next) {
        if (next.featureSize() != featureSize()) {
            throw Checks.invalid("next", next.featureSize() + " elements", featureSize() + " elements per sample");
        }
        int size = groupSize == next.groupSize ? groups() : featureSize();
        int unit = groupSize == next.groupSize ? groupSize : 1;
        double[] m = new double[size];
        double[] s = new double[size];
        for (int i = 0; i < size; i++) {
            int element = i * unit;
            int a = element / groupSize;
            int b = element / next.groupSize;
            // ((x - m1) / s1 - m2) / s2 = (x - (m1 + m2 s1)) / (s1 s2)
            m[i] = mean[a] + next.mean[b] * divisor(a);
            s[i] = divisor(a) * next.divisor(b);
        }
        return new FeatureStats(m, s, unit);
    }

    /**
     * A one-line warning when the features' standard deviations differ by more than {@code ratio}
     * (constant features left out), naming the widest and the narrowest feature.
     */
    public Optional<String> scaleWarning(List<String> featureNames, double ratio) {
        int widest = -1;
        int narrowest = -1;
        for (int g = 0; g < std.length; g++) {
            if (std[g] > 0) {
                widest = widest < 0 || std[g] > std[widest] ? g : widest;
                narrowest = narrowest < 0 || std[g] < std[narrowest] ? g : narrowest;
            }
        }
        if (widest < 0 || !(std[widest] / std[narrowest] > ratio)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "feature scales differ by %,.0fx (standard deviation %.3g of %s, %.3g of %s): standardize the features",
                std[widest] / std[narrowest], std[widest], name(featureNames, widest), std[narrowest], name(featureNames, narrowest)));
    }

    /** {@link #scaleWarning(List, double)} at {@link #DEFAULT_SCALE_RATIO_WARNING}. */
    public Optional<String> scaleWarning(List<String> featureNames) {
        return scaleWarning(featureNames, DEFAULT_SCALE_RATIO_WARNING);
    }

    void applyInPlace(FeatureBlock block, int featureSize) {
        if (featureSize != featureSize()) {
            throw Checks.invalid("features", featureSize + " per sample", featureSize() + " per sample, as the statistics");
        }
        float[] shift = new float[featureSize];
        float[] scale = new float[featureSize];
        for (int e = 0; e < featureSize; e++) {
            int g = e / groupSize;
            shift[e] = (float) mean[g];
            scale[e] = (float) (1 / divisor(g));
        }
        FloatBuffer floats = block.floats();
        float[] row = new float[featureSize];
        for (int r = 0; r < block.rows(); r++) {
            floats.get(r * featureSize, row);
            for (int e = 0; e < featureSize; e++) {
                row[e] = (row[e] - shift[e]) * scale[e];
            }
            floats.put(r * featureSize, row);
        }
    }

    private double divisor(int g) {
        return std[g] > 0 ? std[g] : 1;
    }

    private static String name(List<String> names, int feature) {
        return feature < names.size() ? "'" + names.get(feature) + "'" : "feature " + (feature + 1);
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    // Two passes (mean, then squared deviations) in double: one pass of sums and squares loses the
    // spread of features whose mean is large against their deviation.
    private static FeatureStats measure(FeatureBlock block, int groupSize) {
        int size = block.rowFloats();
        int groups = size / groupSize;
        double[] sum = new double[size];
        FloatBuffer floats = block.floats();
        float[] row = new float[size];
        for (int r = 0; r < block.rows(); r++) {
            floats.get(r * size, row);
            for (int e = 0; e < size; e++) {
                sum[e] += row[e];
            }
        }
        double count = (double) block.rows() * groupSize;
        double[] mean = new double[groups];
        for (int e = 0; e < size; e++) {
            mean[e / groupSize] += sum[e];
        }
        for (int g = 0; g < groups; g++) {
            mean[g] /= count;
        }
        double[] squares = new double[size];
        for (int r = 0; r < block.rows(); r++) {
            floats.get(r * size, row);
            for (int e = 0; e < size; e++) {
                double d = row[e] - mean[e / groupSize];
                squares[e] += d * d;
            }
        }
        double[] std = new double[groups];
        for (int e = 0; e < size; e++) {
            std[e / groupSize] += squares[e];
        }
        for (int g = 0; g < groups; g++) {
            std[g] = Math.sqrt(std[g] / count);
        }
        return new FeatureStats(mean, std, groupSize);
    }
}
