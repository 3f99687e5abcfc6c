package dev.lrfinder.task;

/**
 * A whole built-in dataset in row-major float arrays, shared by every backend.
 *
 * @param features {@code samples x featureSize} inputs
 * @param sampleShape one sample's shape, e.g. {@code [784]} or {@code [1, 28, 28]}
 * @param targets class indices (as floats) for classification, one value per sample for regression
 * @param samples number of samples
 * @param classes number of classes, or 0 for regression
 */
public record TaskData(float[] features, long[] sampleShape, float[] targets, int samples, int classes) {

    /** Floats per sample. */
    public int featureSize() {
        long size = 1;
        for (long d : sampleShape) {
            size *= d;
        }
        return (int) size;
    }

    /** The model's output width: classes, or 1 for regression. */
    public int outputs() {
        return classes > 0 ? classes : 1;
    }
}
