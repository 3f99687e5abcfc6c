package dev.lrfinder.data;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What was read, for reports: the training data (and validation data) in numbers, and the lines a
 * summary starts with. Holds no features, so a report does not keep the data alive.
 *
 * @param source the training data's file or folder
 * @param samples training samples
 * @param sampleShape one sample's shape
 * @param kind classification or regression
 * @param classNames class names in id order (empty for regression)
 * @param classCounts training samples per class, in id order (empty for regression)
 * @param featureNames the feature columns (empty when the source does not name them)
 * @param labelName the label column (empty when the source has none)
 * @param validationSource where the validation data came from ({@code "split of SOURCE"} or a file), or empty
 * @param validationSamples validation samples, 0 without validation data
 * @param normalisation the normalisation applied to the features, or empty
 * @param scaleWarning the one-line warning about feature scales, or empty
 * @param lines {@link DataSplit#describe()}: what a summary prints first
 */
public record DataSummary(String source, int samples, long[] sampleShape, DataKind kind, List<String> classNames,
        int[] classCounts, List<String> featureNames, String labelName, Optional<String> validationSource,
        int validationSamples, Optional<FeatureStats> normalisation, Optional<String> scaleWarning, List<String> lines) {

    public DataSummary {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        sampleShape = sampleShape.clone();
        classNames = List.copyOf(classNames);
        classCounts = classCounts.clone();
        featureNames = List.copyOf(featureNames);
        Objects.requireNonNull(validationSource, "validationSource");
        Objects.requireNonNull(normalisation, "normalisation");
        Objects.requireNonNull(scaleWarning, "scaleWarning");
        lines = List.copyOf(lines);
    }

    @Override
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    @Override
    public int[] classCounts() {
        return classCounts.clone();
    }
}
