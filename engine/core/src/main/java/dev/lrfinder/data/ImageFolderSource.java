package dev.lrfinder.data;

import dev.lrfinder.base.Checks;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A folder of class folders, torchvision's {@code ImageFolder} layout: {@code DIR/<class>/*.png}
 * (PNG, JPEG or BMP, in nested folders too; other files are ignored), classes sorted by name.
 * Every image is decoded once, in parallel, resized (shorter side) and centre-cropped to {@link
 * #setImageSize}, and held as float32 {@code channels x size x size} (1 channel for grey images, 3
 * for colour; alpha is dropped): float32 so that both backends train on the block as it is, at 4
 * bytes a pixel (10,000 colour images of 32x32 take 123 MB). {@link #load()} normalises each
 * channel with {@link #optMean}/{@link #optStd}, or with the training split's own statistics.
 */
public final class ImageFolderSource extends DataSource<ImageFolderSource> {
    private final Path folder;
    private int imageSize;
    private double[] mean;
    private double[] std;
    private boolean normalize = true;
    private int threads = Runtime.getRuntime().availableProcessors();

    ImageFolderSource(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder");
    }

    /** The side of the square images, in pixels (required; validation data takes the training data's). */
    public ImageFolderSource setImageSize(int pixels) {
        this.imageSize = Checks.inRange("imageSize", pixels, 1, 4096);
        return this;
    }

    /** Each channel's mean, on the [0, 1] pixel scale: one value for all channels, or one per channel. */
    public ImageFolderSource optMean(double... mean) {
        this.mean = values("mean", mean, false);
        return this;
    }

    /** Each channel's standard deviation, on the [0, 1] pixel scale, > 0: one value, or one per channel. */
    public ImageFolderSource optStd(double... std) {
        this.std = values("std", std, true);
        return this;
    }

    /** Whether {@link #load()} normalises each channel (default true); off, pixels stay in [0, 1]. */
    public ImageFolderSource optNormalize(boolean normalize) {
        this.normalize = normalize;
        return this;
    }

    /** Threads decoding images (default: the machine's cores). */
    public ImageFolderSource optThreads(int threads) {
        this.threads = Checks.inRange("threads", threads, 1, 1024);
        return this;
    }

    @Override
    public String describe() {
        return folder.toString();
    }

    /** Pixels in [0, 1], not normalised. */
    @Override
    LoadedData read(DataSchema reference) {
        int size = reference != null ? (int) reference.sampleShape()[1] : imageSize;
        if (size == 0) {
            throw Checks.invalid("imageSize", "unset", "the side of the square images in pixels, 1 to 4096");
        }
        return new ImageFolderReader(folder, size, threads, reference).read();
    }

    @Override
    FeatureStats normalisation(LoadedData train) {
        if (!normalize) {
            return null;
        }
        int channels = (int) train.schema().sampleShape()[0];
        int plane = train.featureSize() / channels;
        if (mean == null && std == null) {
            return FeatureStats.perChannel(train);
        }
        if (mean == null || std == null) {
            throw Checks.invalid(mean == null ? "mean" : "std", "unset", "given with " + (mean == null ? "std" : "mean")
                    + " (or neither, to use the training data's)");
        }
        return new FeatureStats(perChannel("mean", mean, channels), perChannel("std", std, channels), plane);
    }

    private static double[] perChannel(String name, double[] values, int channels) {
        if (values.length == channels) {
            return values;
        }
        if (values.length == 1) {
            double[] all = new double[channels];
            Arrays.fill(all, values[0]);
            return all;
        }
        throw Checks.invalid(name, Arrays.toString(values), "1 value or " + channels + " (one per channel)");
    }

    private static double[] values(String name, double[] values, boolean positive) {
        if (values.length == 0) {
            throw Checks.invalid(name, "[]", "one value or one per channel");
        }
        for (double v : values) {
            if (positive) {
                Checks.positive(name, v);
            } else if (!Double.isFinite(v)) {
                throw Checks.invalid(name, v, "a finite number");
            }
        }
        return values.clone();
    }
}
