package dev.lrfinder.task;

import dev.lrfinder.base.Named;

/** The built-in tasks: synthetic data made on the spot, so nothing is ever downloaded. */
public enum TaskKind implements Named {
    /** Gaussian blobs: one isotropic cluster per class in {@code dims} dimensions. */
    BLOBS("blobs", true, false),
    /** Interleaved spiral arms in the plane, one per class; not linearly separable. */
    SPIRALS("spirals", true, false),
    /** A smooth non-linear function of {@code dims} inputs plus noise; mean squared error. */
    REGRESSION("regression", false, false),
    /** 1x28x28 images: a random prototype per class, shifted and noised per sample (MNIST-sized). */
    PATTERNS("patterns", true, true);

    private final String id;
    private final boolean classification;
    private final boolean image;

    TaskKind(String id, boolean classification, boolean image) {
        this.id = id;
        this.classification = classification;
        this.image = image;
    }

    public String id() {
        return id;
    }

    /** Cross-entropy over classes when true, mean squared error when false. */
    public boolean isClassification() {
        return classification;
    }

    /** Whether samples are images (so a CNN and flips make sense). */
    public boolean isImage() {
        return image;
    }

    public static TaskKind byId(String id) {
        return Named.byId(TaskKind.class, "task", id);
    }

    public static String ids() {
        return Named.ids(TaskKind.class);
    }
}
