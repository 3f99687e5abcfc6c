package dev.lrfinder.djl;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepListener;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskData;
import dev.lrfinder.task.TaskDataCache;
import dev.lrfinder.task.TaskSpec;

/** The {@code djl} backend: DJL's PyTorch engine, driven op by op through JNI. */
public final class DjlBackend implements SweepBackend {
    private final TaskDataCache datasets = new TaskDataCache();

    @Override
    public String id() {
        return "djl";
    }

    @Override
    public SweepResult run(TaskSpec task, ModelSpec modelSpec, SweepConfig config, SweepListener listener) {
        return sweep(task, modelSpec, config, null, listener);
    }

    /**
     * Trains at one fixed learning rate for {@code config.steps()} steps from the same start a
     * range test with this seed would use, then restores the model: how a suggested rate is
     * checked. The config's {@code lrMin} and {@code lrMax} are ignored; its divergence rule still
     * ends a blow-up early.
     */
    public SweepResult fit(TaskSpec task, ModelSpec modelSpec, SweepConfig config, double lr) {
        return sweep(task, modelSpec, config, config.fixedLrGrid(lr), SweepListener.NONE);
    }

    /**
     * {@code model} on {@code task}, set up for step-at-a-time use (benchmarks, custom loops); the
     * session owns the model it builds and closes it.
     */
    public DjlSession open(TaskSpec task, ModelSpec modelSpec, SweepConfig config) {
        modelSpec.checkFits(task);
        TaskData data = datasets.of(task);
        DjlRuntime.engine(config.threads());
        Model model = Model.newInstance("lrfinder-" + task.kind().id(), "PyTorch");
        try {
            return rangeTest(model, task, modelSpec, data, config).build().open(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private SweepResult sweep(
            TaskSpec task, ModelSpec modelSpec, SweepConfig config, double[] lrGrid, SweepListener listener) {
        modelSpec.checkFits(task);
        TaskData data = datasets.of(task);
        DjlRuntime.engine(config.threads());
        try (Model model = Model.newInstance("lrfinder-" + task.kind().id(), "PyTorch")) {
            DjlRangeTest.Builder test = rangeTest(model, task, modelSpec, data, config).optListener(listener);
            if (lrGrid != null) {
                test.optLrGrid(lrGrid);
            }
            return test.build().run();
        }
    }


    private static DjlRangeTest.Builder rangeTest(
            Model model, TaskSpec task, ModelSpec modelSpec, TaskData data, SweepConfig config) {
        model.setBlock(DjlModels.build(modelSpec, data.outputs()));
        long[] inputDims = new long[data.sampleShape().length + 1];
        inputDims[0] = config.batchSize();
        System.arraycopy(data.sampleShape(), 0, inputDims, 1, data.sampleShape().length);
        return DjlRangeTest.builder()
                .setModel(model)
                .setBatchSource(new SampledBatches(new BatchSampler(data, task, config.batchSize(), config.seed()), data))
                .setLoss(task.kind().isClassification() ? Loss.softmaxCrossEntropyLoss() : Loss.l2Loss("mse", 1f))
                .optConfig(config)
                .optInitializer(DjlModels.weightInitializer())
                .optInputShapes(new Shape(inputDims))
                .optTaskDescription(task.describe() + ", " + modelSpec.describe());
    }
}
