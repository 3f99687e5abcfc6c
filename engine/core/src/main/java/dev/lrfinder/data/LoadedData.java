package dev.lrfinder.data;

import dev.lrfinder.base.Checks;
import dev.lrfinder.task.TaskData;
import dev.lrfinder.task.TrainingData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A data set read from the user's files: one float32 feature block held off-heap ({@link
 * #features()}, {@code samples x featureSize}, row-major), one target per sample, and what they
 * are ({@link #schema()}). Immutable from outside: the block is only handed out read-only.
 *
 * <p>{@link #slice} views rows without copying (a split's training and validation data are two
 * slices of one block); {@link #select} copies rows into a block of their own.
 */
public final class LoadedData {
    /** Classes named one by one in {@link #describe()}; the rest are counted. */
    private static final int DESCRIBED_CLASSES = 20;

    private final FeatureBlock block;
    private final float[] targets;
    private final DataSchema schema;
    private final String source;
    private final FeatureStats scaling;

    LoadedData(FeatureBlock block, float[] targets, DataSchema schema, String source, FeatureStats scaling) {
        if (block.rows() != targets.length || block.rowFloats() != schema.featureSize()) {
            throw new IllegalStateException("block " + block.rows() + "x" + block.rowFloats() + " against "
                    + targets.length + " targets of " + schema.shapeText());
        }
        this.block = block;
        this.targets = targets;
        this.schema = Objects.requireNonNull(schema);
        this.source = Objects.requireNonNull(source);
        this.scaling = scaling;
    }

    /**
     * Data already in memory (another library's data set, an array): {@code features} holds {@code
     * targets.length} samples of {@code sampleShape}, row-major, from its position on, and is copied
     * into a block of this data's own. Classification targets are class ids {@code 0 ..
     * classNames.size() - 1}, named by {@code classNames}; regression targets are values and
     * {@code classNames} is empty.
     *
     * @param source what the data are called in messages and reports
     */
    public static LoadedData of(String source, FloatBuffer features, long[] sampleShape, float[] targets, DataKind kind,
            List<String> classNames) {
        Objects.requireNonNull(source, "source");
        if (sampleShape.length != 1 && sampleShape.length != 3) {
            throw Checks.invalid("sampleShape", Arrays.toString(sampleShape), "[features] or [channels, height, width]");
        }
        if (targets.length == 0) {
            throw Checks.invalid("targets", "[]", "one target per sample, at least one sample");
        }
        DataSchema schema = new DataSchema(kind, sampleShape, kind == DataKind.CLASSIFICATION ? classNames : List.of(),
                List.of(), "");
        long floats = (long) targets.length * schema.featureSize();
        if (features.remaining() != floats) {
            throw Checks.invalid("features", features.remaining() + " floats", floats + ": " + targets.length
                    + " samples of " + schema.shapeText());
        }
        if (kind == DataKind.CLASSIFICATION) {
            if (classNames.size() < 2) {
                throw Checks.invalid("classNames", classNames, "2 or more names for classification");
            }
            for (int i = 0; i < targets.length; i++) {
                if (targets[i] != Math.rint(targets[i]) || targets[i] < 0 || targets[i] >= classNames.size()) {
                    throw Checks.invalid("targets[" + i + "]", targets[i], "a class id in [0, " + classNames.size() + ")");
                }
            }
        } else {
            for (int i = 0; i < targets.length; i++) {
                if (!Float.isFinite(targets[i])) {
                    throw Checks.invalid("targets[" + i + "]", targets[i], "a finite regression target");
                }
            }
        }
        FeatureBlock block = FeatureBlock.allocate(targets.length, schema.featureSize(), source);
        block.floats().put(0, features, features.position(), (int) floats);
        return new LoadedData(block, targets.clone(), schema, source, null);
    }

    /** All features, read-only, position 0, in the platform's byte order: a direct buffer, so no heap copy is needed to hand it to native code. */
    public FloatBuffer features() {
        return block.readOnly();
    }

    /**
     * All features as bytes, read-only, in the platform's byte order: the same memory as {@link
     * #features()}, in the form DJL's {@code NDManager.create(Buffer, Shape, DataType)} wraps without
     * copying (it copies any other buffer).
     */
    public ByteBuffer featureBytes() {
        return block.bytes().asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    /** This data as the backends train on it, read in place, without augmentation. */
    public TrainingData trainingData() {
        return trainingData(Augmentation.NONE, 0);
    }

    /**
     * This data as the backends train on it, read in place: batches get {@code augmentation}
     * (images only) and Gaussian noise of standard deviation {@code augmentNoise} (0 for none).
     */
    public TrainingData trainingData(Augmentation augmentation, double augmentNoise) {
        return new LoadedTrainingData(this, Objects.requireNonNull(augmentation, "augmentation"), augmentNoise);
    }

    /** Copies row {@code row}'s features into {@code dst} from {@code offset} on. */
    public void row(int row, float[] dst, int offset) {
        Checks.inRange("row", row, 0, samples() - 1);
        block.floats().get(row * featureSize(), dst, offset, featureSize());
    }

    /** A copy of the targets: class ids (as floats) or regression values. */
    public float[] targets() {
        return targets.clone();
    }

    public float target(int row) {
        return targets[row];
    }

    public DataSchema schema() {
        return schema;
    }

    public DataKind kind() {
        return schema.kind();
    }

    /** Where the data came from, e.g. the file's path. */
    public String source() {
        return source;
    }

    /**
     * The normalisation already applied to the features (per-channel image normalisation and/or
     * standardisation, composed), or empty when they are as read. Augmentation uses it to work
     * on raw pixel values.
     */
    public Optional<FeatureStats> scaling() {
        return Optional.ofNullable(scaling);
    }

    public int samples() {
        return targets.length;
    }

    public int featureSize() {
        return schema.featureSize();
    }

    /** Samples per class, in class id order (empty for regression). */
    public int[] classCounts() {
        int[] counts = new int[schema.classes()];
        if (counts.length > 0) {
            for (float t : targets) {
                counts[(int) t]++;
            }
        }
        return counts;
    }

    /** Rows {@code [from, to)}, sharing this data's block. */
    public LoadedData slice(int from, int to) {
        if (from < 0 || to > samples() || from >= to) {
            throw Checks.invalid("rows", "[" + from + ", " + to + ")", "a non-empty range within [0, " + samples() + ")");
        }
        float[] part = Arrays.copyOfRange(targets, from, to);
        return new LoadedData(block.slice(from, to), part, schema, source, scaling);
    }

    /** The given rows, in that order, copied into a block of their own. */
    public LoadedData select(int[] rows) {
        if (rows.length == 0) {
            throw Checks.invalid("rows", "[]", "at least one row");
        }
        float[] part = new float[rows.length];
        for (int k = 0; k < rows.length; k++) {
            Checks.inRange("rows[" + k + "]", rows[k], 0, samples() - 1);
            part[k] = targets[rows[k]];
        }
        return new LoadedData(block.gather(rows, source), part, schema, source, scaling);
    }

    /**
     * The same data as a {@link TaskData}, the built-in tasks' form, with the features copied onto
     * the heap: the copy holds them twice while both live. The backends read {@link
     * #trainingData()} instead, in place.
     */
    public TaskData toTaskData() {
        float[] features = new float[samples() * featureSize()];
        block.floats().get(0, features);
        return new TaskData(features, schema.sampleShape(), targets.clone(), samples(),
                kind() == DataKind.CLASSIFICATION ? schema.classes() : 0);
    }

    /**
     * What was read, for the first lines of a summary: {@code train.csv: 800 samples of 12
     * features, 3 classes (cat 300, dog 250, eel 250)} or {@code ...: regression on 'price'}.
     */
    public String describe() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %,d samples of %s", source, samples(), schema.shapeText()));
        if (kind() == DataKind.REGRESSION) {
            line.append(", regression").append(schema.labelName().isEmpty() ? "" : " on '" + schema.labelName() + "'");
            return line.toString();
        }
        int[] counts = classCounts();
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < counts.length && c < DESCRIBED_CLASSES; c++) {
            parts.add(schema.classNames().get(c) + " " + counts[c]);
        }
        if (counts.length > DESCRIBED_CLASSES) {
            parts.add("... " + (counts.length - DESCRIBED_CLASSES) + " more");
        }
        return line.append(", ").append(counts.length).append(" classes (").append(String.join(", ", parts)).append(")").toString();
    }

    FeatureBlock block() {
        return block;
    }

    float[] targetArray() {
        return targets;
    }

    LoadedData withBlock(FeatureBlock other, FeatureStats otherScaling) {
        return new LoadedData(other, targets, schema, source, otherScaling);
    }

    LoadedData withScaling(FeatureStats otherScaling) {
        return new LoadedData(block, targets, schema, source, otherScaling);
    }

    @Override
    public String toString() {
        return describe();
    }
}
