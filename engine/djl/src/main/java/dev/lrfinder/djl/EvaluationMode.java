package dev.lrfinder.djl;

import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.Trainer;

/**
 * The forward passes of an evaluation: training off, nothing recorded for backward, the block
 * training again afterwards.
 *
 * <p>A built-in block runs {@code Trainer.evaluate}. A TorchScript module (a {@link PtSymbolBlock})
 * cannot: DJL 0.35.1 runs its eval-mode forward under libtorch's {@code InferenceMode}, and once
 * the module has trained, libtorch's graph executor runs the optimised graph it profiled while
 * training, whose differentiable subgraphs save their inputs for backward whatever the mode; the
 * tensors made under {@code InferenceMode} cannot be saved, and the forward fails ("Inference
 * tensors cannot be saved for backward"). So the module is switched to eval mode by hand and run
 * through DJL's training forward (no {@code InferenceMode}) with gradients off ({@code
 * torch::NoGradGuard}'s state): the same values, nothing kept, and no inference tensor left for a
 * later step to meet. Not thread-safe: libtorch's gradient mode is the calling thread's.
 */
final class EvaluationMode implements AutoCloseable {
    private final Trainer trainer;
    private final PtSymbolBlock script;
    private final boolean gradients;

    private EvaluationMode(Trainer trainer, PtSymbolBlock script, boolean gradients) {
        this.trainer = trainer;
        this.script = script;
        this.gradients = gradients;
    }

    /** Eval mode for {@code trainer}'s block until {@link #close()}. */
    static EvaluationMode enter(Trainer trainer) {
        if (!(trainer.getModel().getBlock() instanceof PtSymbolBlock script)) {
            return new EvaluationMode(trainer, null, false);
        }
        boolean gradients = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        // module.eval(): batch norm reads its running statistics, dropout is off; the block still
        // believes it trains, so its training forward neither switches the mode back nor guards it
        JniUtils.enableInferenceMode(script);
        return new EvaluationMode(trainer, script, gradients);
    }

    /** The block's predictions for {@code data}, in eval mode. */
    NDList forward(NDList data) {
        return script == null ? trainer.evaluate(data) : trainer.forward(data);
    }

    /** The block trains again, with the gradient mode it had. */
    @Override
    public void close() {
        if (script != null) {
            JniUtils.enableTrainingMode(script);
            JniUtils.setGradMode(gradients);
        }
    }
}
