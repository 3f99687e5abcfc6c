package dev.lrfinder.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * One step's gradient recording: what DJL's {@code PtGradientCollector} does (grad mode on, a
 * backward pass from the loss with a gradient of ones, grad mode put back), without its
 * process-wide flag that allows one collector at a time. libtorch's grad mode is per thread, so
 * runs stepping on several threads at once ({@code LrFinder.optParallel}) each record their own;
 * DJL's collector refuses the second ("Only one can be collecting at a time").
 */
final class StepGradients implements AutoCloseable {
    private final boolean wasEnabled;

    StepGradients() {
        wasEnabled = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** Accumulates d loss / d parameter into every parameter's gradient; the ones live with the loss. */
    void backward(NDArray loss) {
        NDArray ones = loss.getManager().ones(loss.getShape(), loss.getDataType());
        JniUtils.backward((PtNDArray) loss, (PtNDArray) ones, false, false);
    }

    @Override
    public void close() {
        if (!wasEnabled) {
            JniUtils.setGradMode(false);
        }
    }
}
