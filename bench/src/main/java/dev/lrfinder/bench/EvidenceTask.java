package dev.lrfinder.bench;

import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepData;
import dev.lrfinder.task.Activation;
import dev.lrfinder.task.HeldOut;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;
import dev.lrfinder.task.TrainingData;
import java.util.List;

/**
 * One task of the recommendation evidence (each has a loss floor above 0: noisy data, so that a
 * regret, a ratio of validation losses, measures training rather than how close to 0 a separable
 * task gets): a built-in task (possibly rescaled), a small model, an
 * optimizer, a batch size and the task's own training budget in steps.
 */
record EvidenceTask(String name, TaskSpec task, ModelSpec model, OptimizerKind optimizer, int batchSize, int steps,
        double inputScale, double targetScale) {

    /** Share of each task's rows held out for validation, and the seed of that split. */
    static final double HOLD_OUT = 0.2;
    static final long HOLD_OUT_SEED = 7;

    /** The training rows and the held-out ones, as every fit and range test of this task sees them. */
    SweepData data() {
        TrainingData all = ScaledData.of(task.trainingData(), inputScale, targetScale);
        HeldOut split = HeldOut.split(all, HOLD_OUT, HOLD_OUT_SEED);
        return SweepData.of(split.train(), split.validation());
    }

    SweepConfig config() {
        return SweepConfig.builder().optOptimizer(OptimizerSpec.of(optimizer)).optBatchSize(batchSize).build();
    }

    String kind() {
        return (task.kind().isImage() ? "images" : "tabular") + ", "
                + (task.kind().id().equals("regression") ? "regression" : "classification");
    }

    static List<EvidenceTask> all() {
        ModelSpec mlp64 = ModelSpec.mlp(64);
        ModelSpec mlp32 = ModelSpec.mlp(32);
        ModelSpec tanh64 = new ModelSpec(ModelSpec.Kind.MLP, List.of(64, 64), Activation.TANH);
        ModelSpec cnn = new ModelSpec(ModelSpec.Kind.CNN, List.of(4, 8), Activation.RELU);
        TaskSpec patterns = TaskSpec.named("patterns").withSamples(2048);
        TaskSpec blobs = TaskSpec.named("blobs").withSamples(2048);
        TaskSpec spirals = TaskSpec.named("spirals").withSamples(2048);
        TaskSpec regression = TaskSpec.named("regression").withSamples(2048);
        return List.of(
                new EvidenceTask("patterns noise 1.5 mlp sgd", patterns.withNoise(1.5), mlp64, OptimizerKind.SGD, 64, 300, 1, 1),
                new EvidenceTask("patterns noise 1.5 cnn momentum b16", patterns.withNoise(1.5), cnn, OptimizerKind.MOMENTUM, 16,
                        150, 1, 1),
                new EvidenceTask("patterns mlp adam b128", patterns.withNoise(1.5), mlp64, OptimizerKind.ADAM, 128, 200, 1, 1),
                new EvidenceTask("blobs mlp sgd b16", blobs, mlp32, OptimizerKind.SGD, 16, 300, 1, 1),
                new EvidenceTask("blobs noise 4 momentum", blobs.withNoise(4), mlp32, OptimizerKind.MOMENTUM, 64, 300, 1, 1),
                new EvidenceTask("blobs inputs x100 sgd b128", blobs, mlp32, OptimizerKind.SGD, 128, 300, 100, 1),
                new EvidenceTask("spirals tanh adam", spirals, tanh64, OptimizerKind.ADAM, 64, 400, 1, 1),
                new EvidenceTask("spirals noise 0.5 nesterov b256", spirals.withNoise(0.5), ModelSpec.mlp(64, 64),
                        OptimizerKind.NESTEROV, 256, 400, 1, 1),
                new EvidenceTask("regression sgd", regression, mlp64, OptimizerKind.SGD, 64, 300, 1, 1),
                new EvidenceTask("regression targets x1000 sgd b32", regression, mlp64, OptimizerKind.SGD, 32, 300, 1, 1000),
                new EvidenceTask("regression inputs x1000 adam", regression, mlp64, OptimizerKind.ADAM, 64, 300, 1000, 1),
                new EvidenceTask("regression tanh momentum b128", regression.withDims(16), tanh64, OptimizerKind.MOMENTUM, 128,
                        300, 1, 1),
                new EvidenceTask("blobs 8 classes noise 3 adamw", blobs.withDims(32).withClasses(8).withNoise(3), mlp64,
                        OptimizerKind.ADAMW, 32, 300, 1, 1));
    }
}
