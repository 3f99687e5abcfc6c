package dev.lrfinder.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.lrfinder.sweep.LossSpec;
import java.util.Arrays;

/**
 * The built-in sweep's losses as PyTorch defines them, mean over the batch, in NDArray operations:
 * {@code CrossEntropyLoss(label_smoothing=)}, {@code BCEWithLogitsLoss}, {@code MSELoss}, {@code
 * L1Loss}, {@code HuberLoss(delta=)}. DJL's own losses broadcast an output of [B, 1] against targets
 * of [B] into [B, B] without a word and have no label smoothing or Huber loss; here the shapes are
 * checked, naming both, as the native shim does.
 */
final class TorchLoss extends Loss {
    private final LossSpec spec;

    /** {@code spec} must name its kind ({@link LossSpec#resolvedFor}). */
    TorchLoss(LossSpec spec) {
        super(spec.kind().id());
        this.spec = spec;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray output = predictions.singletonOrThrow();
        NDArray target = labels.singletonOrThrow();
        return switch (spec.kind()) {
            case CROSS_ENTROPY -> crossEntropy(output, target);
            case BCE -> {
                // max(x, 0) - x t + log(1 + exp(-|x|)): torch's stable form.
                NDArray t = likeOutput(target, output);
                yield output.maximum(0).sub(output.mul(t)).add(output.abs().neg().exp().add(1).log()).mean();
            }
            case MSE -> output.sub(likeOutput(target, output)).square().mean();
            case L1 -> output.sub(likeOutput(target, output)).abs().mean();
            case HUBER -> {
                double delta = spec.huberDelta();
                NDArray diff = output.sub(likeOutput(target, output));
                NDArray size = diff.abs();
                NDArray quadratic = diff.square().mul(0.5);
                NDArray linear = size.sub(0.5 * delta).mul(delta);
                yield NDArrays.where(size.lt(delta), quadratic, linear).mean();
            }
        };
    }

    /** (1 - eps) nll + eps mean_k(-log p_k), mean over the batch, as torch computes label smoothing. */
    private NDArray crossEntropy(NDArray output, NDArray target) {
        long batch = output.getShape().get(0);
        if (output.getShape().dimension() != 2 || target.size() != batch) {
            throw new IllegalArgumentException("loss = cross-entropy: needs outputs [batch, classes] and targets [batch], got "
                    + text(output.getShape()) + " and " + text(target.getShape()));
        }
        NDArray logp = output.logSoftmax(1);
        NDArray nll = logp.gather(target.toType(DataType.INT64, false).reshape(batch, 1), 1).mean().neg();
        double smoothing = spec.labelSmoothing();
        if (smoothing == 0) {
            return nll;
        }
        return nll.mul(1 - smoothing).add(logp.mean().neg().mul(smoothing));
    }

    /** The target in the output's shape: regression targets [B] against an output [B, 1]. */
    private NDArray likeOutput(NDArray target, NDArray output) {
        if (target.getShape().equals(output.getShape())) {
            return target;
        }
        if (target.size() == output.size()) {
            return target.reshape(output.getShape());
        }
        throw new IllegalArgumentException("loss = " + spec.kind().id() + ": the model's output " + text(output.getShape())
                + " does not match the targets " + text(target.getShape()));
    }

    /** {@code [64, 3]}, as the native shim writes a shape. */
    private static String text(Shape shape) {
        return Arrays.toString(shape.getShape());
    }
}
