package dev.lrfinder.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a data set's samples and targets look like, apart from their values: the training data's
 * schema is what a separate validation source is read against (the same columns, the same class
 * ids, the same shape).
 *
 * @param kind classification or regression
 * @param sampleShape one sample's shape: {@code [features]} or {@code [channels, height, width]}
 * @param classNames class names in id order (empty for regression)
 * @param featureNames the feature columns' names in order (empty when the source does not name them)
 * @param labelName the label column's name (empty when the source has no columns)
 */
public record DataSchema(DataKind kind, long[] sampleShape, List<String> classNames, List<String> featureNames, String labelName) {

    public DataSchema {
        Objects.requireNonNull(kind, "kind");
        sampleShape = sampleShape.clone();
        classNames = List.copyOf(classNames);
        featureNames = List.copyOf(featureNames);
        labelName = labelName == null ? "" : labelName;
        if (kind == DataKind.REGRESSION && !classNames.isEmpty()) {
            throw new IllegalArgumentException("classNames = " + classNames + ": must be empty for regression");
        }
    }

    @Override
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    /** Floats per sample. */
    public int featureSize() {
        long size = 1;
        for (long d : sampleShape) {
            size *= d;
        }
        return (int) size;
    }

    /** Number of classes, 0 for regression. */
    public int classes() {
        return classNames.size();
    }

    /** The model's output width: classes, or 1 for regression. */
    public int outputs() {
        return kind == DataKind.CLASSIFICATION ? classNames.size() : 1;
    }

    /** Whether samples are {@code channels x height x width} images. */
    public boolean isImage() {
        return sampleShape.length == 3;
    }

    /** {@code "12 features"} or {@code "3x32x32"}. */
    public String shapeText() {
        if (sampleShape.length == 1) {
            return sampleShape[0] + (sampleShape[0] == 1 ? " feature" : " features");
        }
        return Arrays.stream(sampleShape).mapToObj(Long::toString).collect(Collectors.joining("x"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSchema s && kind == s.kind && Arrays.equals(sampleShape, s.sampleShape)
                && classNames.equals(s.classNames) && featureNames.equals(s.featureNames) && labelName.equals(s.labelName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(sampleShape), classNames, featureNames, labelName);
    }

    @Override
    public String toString() {
        return "DataSchema[" + kind.id() + ", " + shapeText() + ", classes " + classNames + ", features " + featureNames
                + ", label '" + labelName + "']";
    }
}
