package dev.lrfinder.task;

import dev.lrfinder.base.Checks;

/**
 * A built-in task and its knobs. The data depends only on these values (including {@code
 * dataSeed}), never on the sweep's seed, so repeated runs of one task see the same data in a
 * different order, from different initial weights.
 *
 * @param kind which task
 * @param dims input dimensions (blobs, regression); spirals are always 2-D, patterns 1x28x28
 * @param classes classes (blobs, spirals, patterns); ignored by regression
 * @param noise the data's own noise: cluster spread, spiral jitter, target noise or pixel noise
 * @param samples dataset size
 * @param dataSeed seeds the data itself
 * @param augmentNoise standard deviation of Gaussian noise added to each batch's inputs; 0 is off
 * @param augmentFlips flip each image left-right with probability 1/2 (image tasks only)
 */
public record TaskSpec(
        TaskKind kind,
        int dims,
        int classes,
        double noise,
        int samples,
        long dataSeed,
        double augmentNoise,
        boolean augmentFlips) {

    /** The task {@code lrfinder find} runs when none is named. */
    public static final TaskKind DEFAULT_KIND = TaskKind.PATTERNS;
    /** Enough samples that a 100-step sweep at batch 64 sees each about 1.5 times. */
    public static final int DEFAULT_SAMPLES = 4096;
    /** Fixed so that every run and every machine sees the same data. */
    public static final long DEFAULT_DATA_SEED = 20_171_101L;
    /** The most floats the data set may have: it is one Java array. */
    static final long MAX_DATA_FLOATS = Integer.MAX_VALUE - 8;
    /** The most bytes one batch's inputs may have: they are copied through one direct buffer. */
    static final long MAX_BATCH_BYTES = Integer.MAX_VALUE;
    private static final TaskDataCache GENERATED = TaskDataCache.PROCESS;

    public TaskSpec {
        if (kind == null) {
            throw Checks.invalid("task", null, "one of " + TaskKind.ids());
        }
        Checks.inRange("dims", dims, 1, 1 << 16);
        Checks.inRange("classes", classes, 2, 1000);
        Checks.nonNegative("noise", noise);
        Checks.inRange("samples", samples, 1, 1 << 24);
        long perSample = floatsPerSample(kind, dims);
        if (samples * perSample > MAX_DATA_FLOATS) {
            throw Checks.invalid("samples", samples, "at most " + MAX_DATA_FLOATS / perSample + " for " + kind.id() + " ("
                    + perSample + " floats a sample; the data set is one Java array)");
        }
        Checks.nonNegative("augmentNoise", augmentNoise);
        if (augmentFlips && !kind.isImage()) {
            throw Checks.invalid("augmentFlips", true, "false for the non-image task " + kind.id());
        }
    }

    /** The default task. */
    public static TaskSpec defaults() {
        return defaults(DEFAULT_KIND);
    }

    /** {@code kind} with its usual sizes. */
    public static TaskSpec defaults(TaskKind kind) {
        return switch (kind) {
            case BLOBS -> new TaskSpec(kind, 16, 4, 1.5, DEFAULT_SAMPLES, DEFAULT_DATA_SEED, 0, false);
            case SPIRALS -> new TaskSpec(kind, 2, 2, 0.2, DEFAULT_SAMPLES, DEFAULT_DATA_SEED, 0, false);
            case REGRESSION -> new TaskSpec(kind, 8, 2, 0.1, DEFAULT_SAMPLES, DEFAULT_DATA_SEED, 0, false);
            case PATTERNS -> new TaskSpec(kind, 784, 10, 0.5, DEFAULT_SAMPLES, DEFAULT_DATA_SEED, 0, false);
        };
    }

    /** {@code name}'s defaults, e.g. {@code "spirals"}. */
    public static TaskSpec named(String name) {
        return defaults(TaskKind.byId(name));
    }

    public TaskSpec withDims(int dims) {
        return new TaskSpec(kind, dims, classes, noise, samples, dataSeed, augmentNoise, augmentFlips);
    }

    public TaskSpec withClasses(int classes) {
        return new TaskSpec(kind, dims, classes, noise, samples, dataSeed, augmentNoise, augmentFlips);
    }

    public TaskSpec withNoise(double noise) {
        return new TaskSpec(kind, dims, classes, noise, samples, dataSeed, augmentNoise, augmentFlips);
    }

    public TaskSpec withSamples(int samples) {
        return new TaskSpec(kind, dims, classes, noise, samples, dataSeed, augmentNoise, augmentFlips);
    }

    public TaskSpec withAugmentation(double augmentNoise, boolean augmentFlips) {
        return new TaskSpec(kind, dims, classes, noise, samples, dataSeed, augmentNoise, augmentFlips);
    }

    /** Floats one sample's input holds: 28 x 28 for patterns, 2 for spirals, else {@code dims}. */
    public int floatsPerSample() {
        return floatsPerSample(kind, dims);
    }

    private static int floatsPerSample(TaskKind kind, int dims) {
        return switch (kind) {
            case PATTERNS -> Patterns.SIDE * Patterns.SIDE;
            case SPIRALS -> 2;
            case BLOBS, REGRESSION -> dims;
        };
    }

    /**
     * Throws unless batches of {@code batchSize} samples can be drawn from this data set: no more
     * than it holds (a bigger batch would repeat samples within one step), and small enough that one
     * batch's inputs fit the buffer they are copied through.
     *
     * @return {@code batchSize}
     */
    public int checkBatchSize(int batchSize) {
        if (batchSize > samples) {
            throw Checks.invalid("batchSize", batchSize, "at most the data set's size, samples = " + samples);
        }
        long most = MAX_BATCH_BYTES / ((long) floatsPerSample() * Float.BYTES);
        if (batchSize > most) {
            throw Checks.invalid("batchSize", batchSize, "at most " + most + " for " + kind.id() + " ("
                    + floatsPerSample() + " floats a sample; a batch's inputs are one buffer of at most 2 GiB)");
        }
        return Checks.inRange("batchSize", batchSize, 1, samples);
    }

    /**
     * The data as a backend trains on it, with this task's augmentation. Generated once for a run
     * of runs of one task: the last task's data is kept (one entry; a data set is large).
     */
    public TrainingData trainingData() {
        return new BuiltinData(this, GENERATED.of(this));
    }

    /** Makes the data; the same spec always gives the same arrays. */
    public TaskData generate() {
        return switch (kind) {
            case BLOBS -> Blobs.generate(this);
            case SPIRALS -> Spirals.generate(this);
            case REGRESSION -> SmoothRegression.generate(this);
            case PATTERNS -> Patterns.generate(this);
        };
    }

    /** One line for run records and summaries. */
    public String describe() {
        String shape = switch (kind) {
            case BLOBS -> dims + "-d, " + classes + " classes";
            case SPIRALS -> "2-d, " + classes + " arms";
            case REGRESSION -> dims + "-d";
            case PATTERNS -> "1x28x28, " + classes + " classes";
        };
        String augment = augmentNoise > 0 || augmentFlips
                ? ", augment noise " + augmentNoise + (augmentFlips ? " + flips" : "")
                : "";
        return kind.id() + " (" + shape + ", noise " + noise + ", " + samples + " samples" + augment + ")";
    }
}
