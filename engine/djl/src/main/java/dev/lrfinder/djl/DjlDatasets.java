package dev.lrfinder.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import dev.lrfinder.base.Checks;
import dev.lrfinder.data.DataKind;
import dev.lrfinder.data.LoadedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * lrfinder's data and DJL's {@link Dataset}, both ways: a {@link LoadedData} (read by {@code
 * dev.lrfinder.data.Datasets}) as an {@link ArrayDataset} for a DJL model of your own ({@link
 * DjlRangeTest}), and any DJL dataset as a {@link LoadedData} for lrfinder's built-in models and
 * both backends ({@code LrFinder.setData}).
 */
public final class DjlDatasets {
    private DjlDatasets() {}

    /**
     * {@code data} as an {@link ArrayDataset} of batches of {@code batchSize}: its features are
     * wrapped in place (DJL wraps a direct byte buffer without copying it), so keep {@code data}
     * reachable while the dataset is in use; the targets are copied. Labels are class ids of shape
     * {@code (N)} for classification and values of shape {@code (N, 1)} for regression, the shapes
     * DJL's softmax cross-entropy and L2 losses take.
     */
    public static ArrayDataset toDataset(LoadedData data, NDManager manager, int batchSize, boolean shuffle) {
        Checks.inRange("batchSize", batchSize, 1, data.samples());
        long[] shape = data.schema().sampleShape();
        long[] dims = new long[shape.length + 1];
        dims[0] = data.samples();
        System.arraycopy(shape, 0, dims, 1, shape.length);
        NDArray x = manager.create(data.featureBytes(), new Shape(dims), DataType.FLOAT32);
        Shape labels = data.kind() == DataKind.CLASSIFICATION ? new Shape(data.samples()) : new Shape(data.samples(), 1);
        NDArray y = manager.create(data.targets(), labels);
        return new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(batchSize, shuffle).build();
    }

    /**
     * Everything {@code dataset} yields (one pass over it, its first data and label arrays), copied
     * into one block: features of one sample shape ({@code [features]} or {@code [channels, height,
     * width]}), one label per sample. For classification the labels are class ids {@code 0 .. K-1}
     * (K the largest id + 1, the classes named by their ids); for regression, values.
     *
     * @param source what the data are called in reports
     */
    public static LoadedData fromDataset(Dataset dataset, NDManager manager, DataKind kind, String source) {
        List<float[]> featureParts = new ArrayList<>();
        List<float[]> targetParts = new ArrayList<>();
        long[] sampleShape = null;
        int samples = 0;
        try {
            for (Batch batch : dataset.getData(manager)) {
                try (batch) {
                    NDArray x = batch.getData().head();
                    NDArray y = batch.getLabels().head();
                    long[] shape = x.getShape().slice(1).getShape();
                    if (sampleShape == null) {
                        sampleShape = shape;
                    } else if (!Arrays.equals(sampleShape, shape)) {
                        throw Checks.invalid("dataset", source, "batches of one sample shape: "
                                + Arrays.toString(sampleShape) + ", then " + Arrays.toString(shape));
                    }
                    int rows = Math.toIntExact(x.getShape().get(0));
                    if (y.size() != rows) {
                        throw Checks.invalid("dataset", source, "one label per sample: a batch of " + rows + " samples has "
                                + y.size() + " labels");
                    }
                    featureParts.add(x.toType(DataType.FLOAT32, false).toFloatArray());
                    targetParts.add(y.toType(DataType.FLOAT32, false).toFloatArray());
                    samples += rows;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TranslateException e) {
            throw new IllegalStateException("cannot read the dataset " + source + ": " + e.getMessage(), e);
        }
        if (samples == 0) {
            throw Checks.invalid("dataset", source, "a dataset that yields at least one batch");
        }
        FloatBuffer features = FloatBuffer.allocate(featureParts.stream().mapToInt(p -> p.length).sum());
        featureParts.forEach(features::put);
        float[] targets = new float[samples];
        int at = 0;
        for (float[] part : targetParts) {
            System.arraycopy(part, 0, targets, at, part.length);
            at += part.length;
        }
        List<String> classes = new ArrayList<>();
        if (kind == DataKind.CLASSIFICATION) {
            float max = 0;
            for (float t : targets) {
                max = Math.max(max, t);
            }
            for (int c = 0; c <= (int) max; c++) {
                classes.add(Integer.toString(c));
            }
        }
        return LoadedData.of(source, features.flip(), sampleShape.length == 2
                ? new long[] {1, sampleShape[0], sampleShape[1]} : sampleShape, targets, kind, classes);
    }
}
