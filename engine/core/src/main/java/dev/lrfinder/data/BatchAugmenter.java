package dev.lrfinder.data;

import dev.lrfinder.base.Checks;
import dev.lrfinder.task.BatchTransform;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Applies an {@link Augmentation} to batches of images in place, pure Java, so both backends
 * feed their models the same augmented batches for the same seed and the same batches. Every
 * sample draws the same six numbers in the same order (crop offsets, flip, three jitter factors)
 * whichever parts are on, so turning one part on or off leaves the others' draws as they were.
 *
 * <p>Works in raw pixel units when the data were normalised ({@link LoadedData#scaling()}): the
 * padding is black, and colour jitter changes raw values clamped to [0, 1], as torchvision does
 * before {@code Normalize}. Not thread-safe: one augmenter per batch stream.
 */
public final class BatchAugmenter implements BatchTransform {
    private final Augmentation plan;
    private final int channels;
    private final int height;
    private final int width;
    private final FeatureStats scaling;
    private final SplittableRandom random;
    private final float[] sample;
    private final float[] scratch;
    private final float[] black;

    /**
     * @param data the data whose batches are augmented (images, {@code C x H x W})
     * @param seed seeds the draws
     */
    public BatchAugmenter(Augmentation plan, LoadedData data, long seed) {
        this(plan, data.schema().sampleShape(), data.scaling().orElse(null), seed);
    }

    /** For samples of {@code sampleShape} normalised with {@code scaling} (null when raw). */
    public BatchAugmenter(Augmentation plan, long[] sampleShape, FeatureStats scaling, long seed) {
        this.plan = plan;
        if (!plan.isNone() && sampleShape.length != 3) {
            throw Checks.invalid("augmentation", plan, "none for samples that are not images (channels x height x width)");
        }
        this.channels = sampleShape.length == 3 ? (int) sampleShape[0] : 1;
        this.height = sampleShape.length == 3 ? (int) sampleShape[1] : 1;
        this.width = sampleShape.length == 3 ? (int) sampleShape[2] : (int) sampleShape[0];
        if (plan.saturation() > 0 && channels != 3) {
            throw Checks.invalid("saturation", plan.saturation(), "0 for images of " + channels + " channel(s); it needs colour (3)");
        }
        int size = channels * height * width;
        if (scaling != null && scaling.featureSize() != size) {
            throw Checks.invalid("scaling", scaling.featureSize() + " elements", size + " elements per sample");
        }
        this.scaling = scaling;
        this.random = new SplittableRandom(seed);
        this.sample = new float[size];
        this.scratch = new float[size];
        this.black = new float[size];
        for (int e = 0; e < size; e++) {
            black[e] = scaling == null ? 0 : scaling.normalised(0, e);
        }
    }

    /** Augments {@code samples} samples stored from {@code offset} on in {@code batch}, in place. */
    @Override
    public void apply(float[] batch, int offset, int samples) {
        int size = sample.length;
        for (int s = 0; s < samples; s++) {
            System.arraycopy(batch, offset + s * size, sample, 0, size);
            augment();
            System.arraycopy(sample, 0, batch, offset + s * size, size);
        }
    }

    /** Augments the first {@code samples} samples of {@code batch} (absolute indices from 0), in place. */
    public void apply(FloatBuffer batch, int samples) {
        int size = sample.length;
        for (int s = 0; s < samples; s++) {
            batch.get(s * size, sample);
            augment();
            batch.put(s * size, sample);
        }
    }

    private void augment() {
        int padding = plan.cropPadding();
        int dy = random.nextInt(2 * padding + 1) - padding;
        int dx = random.nextInt(2 * padding + 1) - padding;
        boolean flip = random.nextBoolean();
        double b = factor(plan.brightness());
        double c = factor(plan.contrast());
        double s = factor(plan.saturation());
        if (padding > 0 && (dy != 0 || dx != 0)) {
            shift(dy, dx);
        }
        if (plan.horizontalFlip() && flip) {
            flip();
        }
        if (plan.hasJitter()) {
            jitter(plan.brightness() > 0 ? b : 1, plan.contrast() > 0 ? c : 1, plan.saturation() > 0 ? s : 1);
        }
    }

    private double factor(double amount) {
        double lo = Math.max(0, 1 - amount);
        return lo + random.nextDouble() * (1 + amount - lo);
    }

    // A crop of the padded image at offset (padding + dy, padding + dx): pixel (y, x) shows (y + dy, x + dx).
    private void shift(int dy, int dx) {
        for (int ch = 0; ch < channels; ch++) {
            int plane = ch * height * width;
            for (int y = 0; y < height; y++) {
                int sy = y + dy;
                for (int x = 0; x < width; x++) {
                    int sx = x + dx;
                    int e = plane + y * width + x;
                    scratch[e] = sy >= 0 && sy < height && sx >= 0 && sx < width ? sample[plane + sy * width + sx] : black[e];
                }
            }
        }
        System.arraycopy(scratch, 0, sample, 0, sample.length);
    }

    private void flip() {
        for (int row = 0; row < channels * height; row++) {
            for (int l = row * width, r = l + width - 1; l < r; l++, r--) {
                float t = sample[l];
                sample[l] = sample[r];
                sample[r] = t;
            }
        }
    }

    // torchvision's order for fixed factors: brightness, contrast (towards the mean grey), saturation (towards each pixel's grey).
    private void jitter(double brightness, double contrast, double saturation) {
        int plane = height * width;
        for (int e = 0; e < sample.length; e++) {
            float raw = scaling == null ? sample[e] : scaling.raw(sample[e], e);
            scratch[e] = clamp(raw * brightness);
        }
        if (contrast != 1) {
            double meanGrey = 0;
            for (int i = 0; i < plane; i++) {
                meanGrey += grey(i, plane);
            }
            meanGrey /= plane;
            for (int e = 0; e < sample.length; e++) {
                scratch[e] = clamp(contrast * scratch[e] + (1 - contrast) * meanGrey);
            }
        }
        if (saturation != 1) {
            for (int i = 0; i < plane; i++) {
                double g = grey(i, plane);
                for (int ch = 0; ch < 3; ch++) {
                    int e = ch * plane + i;
                    scratch[e] = clamp(saturation * scratch[e] + (1 - saturation) * g);
                }
            }
        }
        for (int e = 0; e < sample.length; e++) {
            sample[e] = scaling == null ? scratch[e] : scaling.normalised(scratch[e], e);
        }
    }

    // ITU-R 601 luma, as torchvision's rgb_to_grayscale; a grey image is its own grey.
    private double grey(int i, int plane) {
        if (channels != 3) {
            return scratch[i];
        }
        return 0.299 * scratch[i] + 0.587 * scratch[plane + i] + 0.114 * scratch[2 * plane + i];
    }

    private static float clamp(double v) {
        return (float) Math.min(1, Math.max(0, v));
    }
}
