package dev.lrfinder.cli;

import dev.lrfinder.task.Activation;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.ScriptModel;
import dev.lrfinder.task.TaskKind;
import dev.lrfinder.task.TaskSpec;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Which built-in task and model to sweep; unset values take the task's and model's defaults. */
final class TaskOptions {
    @Option(names = "--task", paramLabel = "NAME",
            description = "patterns, blobs, spirals or regression (default: patterns; --data sweeps your data instead).")
    String task;

    @Option(names = "--model", paramLabel = "NAME|FILE.toml|FILE.pt",
            description = "mlp, cnn, resnet18, resnet50, vgg or mobilenet; an MLP/CNN described in a .toml file"
                    + " (see configs/models/); or FILE.pt: your TorchScript model (torch.jit.save), on either backend"
                    + " (default: ${DEFAULT-VALUE}).")
    String model = ModelSpec.Kind.MLP.id();

    @Option(names = "--widths", paramLabel = "N,N", split = ",",
            description = "Hidden widths (mlp, default 256,256) or filter counts (cnn, default 16,32).")
    List<Integer> widths;

    @Option(names = "--activation", paramLabel = "NAME",
            description = "relu, tanh, gelu or sigmoid (mlp, cnn; default: relu).")
    String activation;

    @Option(names = "--batch-norm", description = "Batch norm after each hidden layer (mlp, cnn).")
    boolean batchNorm;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout probability in [0, 1) (mlp, cnn; default: 0).")
    double dropout;

    @Option(names = "--dims", paramLabel = "N", description = "Input dimensions (blobs, regression).")
    Integer dims;

    @Option(names = "--classes", paramLabel = "N", description = "Classes (blobs, spirals, patterns).")
    Integer classes;

    @Option(names = "--noise", paramLabel = "X", description = "The data's own noise (task-specific scale).")
    Double noise;

    @Option(names = "--samples", paramLabel = "N", description = "Dataset size (default: 4096).")
    Integer samples;

    @Option(names = "--augment-noise", paramLabel = "SD",
            description = "Gaussian noise added to each batch's inputs, so runs vary as real ones do (default: 0).")
    double augmentNoise;

    @Option(names = "--flips", description = "Flip images left-right at random (patterns, or image --data).")
    boolean flips;

    TaskSpec toTask() {
        TaskSpec spec = TaskSpec.defaults(task != null ? TaskKind.byId(task) : TaskSpec.DEFAULT_KIND);
        if (dims != null) {
            spec = spec.withDims(dims);
        }
        if (classes != null) {
            spec = spec.withClasses(classes);
        }
        if (noise != null) {
            spec = spec.withNoise(noise);
        }
        if (samples != null) {
            spec = spec.withSamples(samples);
        }
        return spec.withAugmentation(augmentNoise, flips);
    }

    /** Throws naming the first option that shapes a built-in model, when {@code --model} names a file. */
    private void checkNoShapingOptions(String why) {
        Object[][] set = {{"--widths", widths}, {"--activation", activation}, {"--batch-norm", batchNorm ? true : null},
            {"--dropout", dropout != 0 ? dropout : null}};
        for (Object[] option : set) {
            if (option[1] != null) {
                throw new BadInputException(option[0] + " = " + option[1] + ": must be absent with --model " + model
                        + " (" + why + ")");
            }
        }
    }

    /** Throws naming the first option that sizes a built-in task, when the user's data are swept instead. */
    void checkNoTaskOptions() {
        Object[][] set = {{"--dims", dims}, {"--classes", classes}, {"--noise", noise}, {"--samples", samples}};
        for (Object[] option : set) {
            if (option[1] != null) {
                throw new BadInputException(option[0] + " = " + option[1]
                        + ": must be absent with --data (it shapes a built-in task; the data have their own)");
            }
        }
    }

    /** Your TorchScript file when {@code --model} names one ({@code FILE.pt}), else null: then {@link #toModel()}. */
    ScriptModel toScriptModel() {
        if (!ScriptModel.isFileName(model)) {
            return null;
        }
        checkNoShapingOptions("it shapes a built-in model; yours has its own");
        return new ScriptModel(Path.of(model));
    }

    ModelSpec toModel() {
        if (ModelFile.isModelFile(model)) {
            checkNoShapingOptions("the file describes the model");
            return ModelFile.read(Path.of(model));
        }
        ModelSpec.Kind kind = ModelSpec.Kind.byId(model);
        List<Integer> w = widths != null ? widths : ModelSpec.defaults(kind).widths();
        return new ModelSpec(kind, w, activation != null ? Activation.byId(activation) : Activation.RELU, batchNorm,
                dropout);
    }
}
