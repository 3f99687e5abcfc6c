package dev.lrfinder.data;

import dev.lrfinder.base.Checks;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A data set to read, with what to do after reading it: the kind to force, the validation data
 * (a seeded split or a second source) and standardisation. {@link #load()} does all of it;
 * {@link #read()} only reads.
 *
 * <p>What {@link #load()} does, in order: reads the data into one off-heap block; splits it in
 * place (training rows, then validation rows, two slices of the one block) or reads the
 * validation source against the training data's schema (the same columns, class ids and shape);
 * normalises images per channel (the statistics given, or the training split's); standardises
 * with the training split's statistics when asked; otherwise checks the features' scales.
 *
 * @param <S> the concrete source, so that options chain
 */
public abstract class DataSource<S extends DataSource<S>> {

    /**
     * Seeds the validation split. Fixed so that every run, and every repeat of a range test, sees
     * the same split; change it to see how much the split itself moves the suggestions.
     */
    public static final long DEFAULT_SEED = 20_240_611L;

    private DataKind kind;
    private double validationSplit;
    private DataSource<?> validationData;
    private long seed = DEFAULT_SEED;
    private boolean stratified = true;
    private boolean standardize;

    DataSource() {}

    /** Forces the kind instead of guessing it from the labels. */
    public S optKind(DataKind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
        return self();
    }

    /** Holds out this fraction of the samples, in {@code (0, 1)}, as validation data. */
    public S optValidationSplit(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw Checks.invalid("validationSplit", fraction, "a fraction in (0, 1)");
        }
        this.validationSplit = fraction;
        return self();
    }

    /** Reads validation data from {@code validation}, with this data's columns, class ids and shape. */
    public S optValidationData(DataSource<?> validation) {
        this.validationData = Objects.requireNonNull(validation, "validation");
        return self();
    }

    /** Seeds the validation split ({@link #DEFAULT_SEED} otherwise). */
    public S optSeed(long seed) {
        this.seed = seed;
        return self();
    }

    /** Whether a classification split keeps each class's share (default true). */
    public S optStratified(boolean stratified) {
        this.stratified = stratified;
        return self();
    }

    /** Z-scores every feature with the training split's mean and standard deviation (default false). */
    public S optStandardize(boolean standardize) {
        this.standardize = standardize;
        return self();
    }

    /** The data as the file holds it: no split, no normalisation, no standardisation. */
    public LoadedData read() {
        return read(null);
    }

    /** Reads, splits and normalises, as the class comment says. */
    public DataSplit load() {
        if (validationSplit > 0 && validationData != null) {
            throw Checks.invalid("validationData", validationData.describe(), "absent when validationSplit is given (one or the other)");
        }
        LoadedData all = read(null);
        LoadedData train = all;
        LoadedData validation = null;
        if (validationSplit > 0) {
            SplitOrder split = SplitOrder.of(all, validationSplit, seed, stratified);
            // The block is this method's alone until it returns, so it is reordered, not copied.
            all.block().permuteInPlace(split.order());
            float[] targets = all.targetArray();
            float[] permuted = new float[targets.length];
            for (int k = 0; k < permuted.length; k++) {
                permuted[k] = targets[split.order()[k]];
            }
            LoadedData ordered = new LoadedData(all.block(), permuted, all.schema(), all.source(), null);
            train = ordered.slice(0, split.trainRows());
            validation = ordered.slice(split.trainRows(), ordered.samples());
        } else if (validationData != null) {
            validation = validationData.read(all.schema());
            if (!Arrays.equals(validation.schema().sampleShape(), all.schema().sampleShape())) {
                throw new DataFileException(validation.source() + ": samples of " + validation.schema().shapeText()
                        + ", but the training data's are " + all.schema().shapeText());
            }
        }
        FeatureStats scaling = normalisation(train);
        if (scaling != null) {
            apply(scaling, train, validation);
        }
        Optional<String> warning = Optional.empty();
        if (standardize) {
            FeatureStats standard = FeatureStats.perFeature(train);
            apply(standard, train, validation);
            scaling = scaling == null ? standard : scaling.then(standard);
        } else if (train.schema().sampleShape().length == 1) {
            warning = FeatureStats.perFeature(train).scaleWarning(train.schema().featureNames());
        }
        return new DataSplit(train.withScaling(scaling), validation == null ? null : validation.withScaling(scaling), warning);
    }

    /** The data's file or folder, for messages. */
    public abstract String describe();

    /**
     * Reads the data; with a {@code reference} (the training data's schema) as validation data:
     * the same columns, the same class ids, the same kind.
     */
    abstract LoadedData read(DataSchema reference);

    /** The per-channel normalisation this source's data gets, given the training data; null for none. */
    FeatureStats normalisation(LoadedData train) {
        return null;
    }

    DataKind kind() {
        return kind;
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    private static void apply(FeatureStats stats, LoadedData train, LoadedData validation) {
        stats.applyInPlace(train.block(), train.featureSize());
        if (validation != null) {
            stats.applyInPlace(validation.block(), validation.featureSize());
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
