package dev.lrfinder.djl;

import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.lrfinder.sweep.LossSpec;
import dev.lrfinder.task.ScriptModel;
import dev.lrfinder.task.TrainingData;

/**
 * The user's TorchScript file as a DJL model: DJL's PyTorch engine loads it as a {@code
 * PtSymbolBlock}, whose parameters DJL's trainer steps like any block's.
 *
 * <p>Not through {@code Model.load}: its {@code trainParam} option makes every parameter trainable
 * or every one frozen, where the file's own {@code requires_grad} flags say which (the native
 * backend trains the same ones). DJL's API lists the module's parameters only, not its buffers
 * (batch norm's running statistics): a session's snapshot of it is {@link ScriptModuleSnapshot},
 * the whole module saved, so a restore puts the buffers back too.
 */
final class TorchScriptModels {
    private static final String[] NO_EXTRA_FILES = {};

    private TorchScriptModels() {}

    /** {@code script} loaded on the CPU, in training mode, with its trainable parameters as saved. */
    static Model load(ScriptModel script) {
        script.checkReadable();
        Model model = Model.newInstance("lrfinder-torchscript", "PyTorch");
        try {
            PtSymbolBlock block;
            try {
                // where it was saved, then moved (mapLocation false): a file saved for CUDA fails here
                block = JniUtils.loadModule((PtNDManager) model.getNDManager(), script.file(), false, NO_EXTRA_FILES,
                        NO_EXTRA_FILES, true);
            } catch (EngineException e) {
                throw script.unloadable(e.getMessage());
            }
            // The JNI load leaves the module in eval mode while the block believes it trains (and so
            // never switches it): batch norm would sweep on its running statistics.
            JniUtils.enableTrainingMode(block);
            boolean trainable = false;
            for (Pair<String, Parameter> p : block.getParameters()) {
                boolean requiresGrad = p.getValue().getArray().hasGradient();
                p.getValue().freeze(!requiresGrad);
                trainable |= requiresGrad;
            }
            if (!trainable) {
                throw script.nothingToTrain();
            }
            model.setBlock(block);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Loads {@code script} and checks its output for a probe batch of {@code data}; its description. */
    static String check(ScriptModel script, TrainingData data, LossSpec loss) {
        try (Model model = load(script); NDManager scope = model.getNDManager().newSubManager()) {
            long[] probe = new long[data.sampleShape().length + 1];
            probe[0] = ScriptModel.PROBE_BATCH;
            System.arraycopy(data.sampleShape(), 0, probe, 1, data.sampleShape().length);
            NDList output;
            boolean attached = false;
            // With gradients, as a training step runs it: only then does the output say whether the loss
            // can reach the parameters (a forward ending in .detach() or under no_grad cuts it off).
            try (StepGradients withGradients = new StepGradients()) {
                try {
                    output = model.getBlock().forward(new ParameterStore(scope, false),
                            new NDList(scope.zeros(new ai.djl.ndarray.types.Shape(probe))), true);
                } catch (EngineException e) {
                    throw script.forwardFailed(data, e.getMessage());
                }
                if (output.size() == 1 && output.singletonOrThrow().getDataType().isFloating()) {
                    // A backward, as the sweep's first step does (this model is thrown away): DJL's
                    // requiresGrad says false for an output autograd did record (a classifier's, whose
                    // gradient function was AddmmBackward0), and asking a detached output for its
                    // gradient function crashes DJL's JNI.
                    try {
                        withGradients.backward(output.singletonOrThrow().sum());
                        attached = true;
                    } catch (EngineException cutOff) {
                        // "element 0 of tensors does not require grad and does not have a grad_fn"
                    }
                }
            }
            // DJL unpacks a dict, tuple or list of tensors into the list: one of them is the model's output
            if (output.size() != 1) {
                throw script.notOneTensor(output.isEmpty() ? "no tensor" : "a dict, tuple or list of " + output.size()
                        + " tensors");
            }
            NDArray scores = output.singletonOrThrow();
            script.checkTrainableOutput(scores.getDataType().toString(), scores.getDataType().isFloating(), attached);
            loss.checkScriptOutput(script, scores.getShape().getShape(), data);
            long parameters = 0;
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    parameters += p.getValue().getArray().size();
                }
            }
            return script.describe(parameters);
        }
    }
}
