package dev.lrfinder.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Training data, validation data when asked for, and what the loader has to say about them.
 *
 * @param train the training data
 * @param validation the validation data, or null when none was asked for
 * @param scaleWarning a one-line warning when the features' scales differ by more than {@link
 *     FeatureStats#DEFAULT_SCALE_RATIO_WARNING} and they were not standardised
 */
public record DataSplit(LoadedData train, LoadedData validation, Optional<String> scaleWarning) {

    public boolean hasValidation() {
        return validation != null;
    }

    /**
     * {@code data} split by {@code fraction}, seeded, stratified for classification when asked:
     * the rows are copied once into a new block, training rows first, and both parts are slices
     * of it ({@link DataSource#load()} splits freshly read data in place instead).
     */
    public static DataSplit byFraction(LoadedData data, double fraction, long seed, boolean stratified) {
        SplitOrder split = SplitOrder.of(data, fraction, seed, stratified);
        LoadedData ordered = data.select(split.order());
        return new DataSplit(ordered.slice(0, split.trainRows()), ordered.slice(split.trainRows(), data.samples()), Optional.empty());
    }

    /** What was read, in numbers and in {@link #describe()}'s lines, for a report. */
    public DataSummary summary() {
        DataSchema schema = train.schema();
        Optional<String> validationSource = validation == null ? Optional.empty()
                : Optional.of(validation.source().equals(train.source()) ? "split of " + train.source() : validation.source());
        return new DataSummary(train.source(), train.samples(), schema.sampleShape(), schema.kind(), schema.classNames(),
                train.classCounts(), schema.featureNames(), schema.labelName(), validationSource,
                validation == null ? 0 : validation.samples(), train.scaling(), scaleWarning, describe());
    }

    /** What was read, one line each: the training data, the validation data, the normalisation, the warning. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("train " + train.describe());
        if (validation != null) {
            lines.add("validation " + validation.describe());
        }
        train.scaling().ifPresent(s -> lines.add("normalised: " + scalingText(s)));
        scaleWarning.ifPresent(w -> lines.add("warning: " + w));
        return lines;
    }

    private static String scalingText(FeatureStats s) {
        if (s.groups() > 8) {
            return "per feature with the training data's mean and standard deviation (" + s.groups() + " features)";
        }
        return "mean (" + values(s.mean()) + "), std (" + values(s.std()) + ")"
                + (s.groupSize() > 1 ? " per channel" : " per feature");
    }

    private static String values(double[] v) {
        return Arrays.stream(v).mapToObj(x -> String.format(Locale.ROOT, "%.4g", x)).collect(Collectors.joining(", "));
    }
}
