package dev.lrfinder.data;

import dev.lrfinder.base.Checks;

/**
 * Random per-sample changes to image batches, as torchvision's {@code RandomCrop(size,
 * padding)}, {@code RandomHorizontalFlip()} and {@code ColorJitter(brightness, contrast,
 * saturation)} make them; {@link BatchAugmenter} applies them, seeded.
 *
 * @param cropPadding pixels of padding on each side before a random crop back to the image size; 0 is off
 * @param horizontalFlip flip left-right with probability 1/2
 * @param brightness brightness factor drawn from {@code [max(0, 1 - b), 1 + b]}; 0 is off
 * @param contrast contrast factor from {@code [max(0, 1 - c), 1 + c]}; 0 is off
 * @param saturation saturation factor from {@code [max(0, 1 - s), 1 + s]} (colour images); 0 is off
 */
public record Augmentation(int cropPadding, boolean horizontalFlip, double brightness, double contrast, double saturation) {

    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(0, false, 0, 0, 0);

    /** The padding of the usual CIFAR recipe ({@code RandomCrop(32, padding=4)}); change it with the image size. */
    public static final int DEFAULT_CROP_PADDING = 4;

    public Augmentation {
        Checks.inRange("cropPadding", cropPadding, 0, 1024);
        Checks.nonNegative("brightness", brightness);
        Checks.nonNegative("contrast", contrast);
        Checks.nonNegative("saturation", saturation);
    }

    /** Random crops with {@code padding} and horizontal flips: the CIFAR recipe. */
    public static Augmentation cropAndFlip(int padding) {
        return new Augmentation(padding, true, 0, 0, 0);
    }

    public Augmentation withColourJitter(double brightness, double contrast, double saturation) {
        return new Augmentation(cropPadding, horizontalFlip, brightness, contrast, saturation);
    }

    public boolean isNone() {
        return cropPadding == 0 && !horizontalFlip && !hasJitter();
    }

    boolean hasJitter() {
        return brightness > 0 || contrast > 0 || saturation > 0;
    }
}
