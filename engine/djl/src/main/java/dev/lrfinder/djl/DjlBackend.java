package dev.lrfinder.djl;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskData;
import dev.lrfinder.task.TaskDataCache;
import dev.lrfinder.task.TaskSpec;

/** The {@code djl} backend: DJL's PyTorch engine, driven op by op through JNI. */
public final class DjlBackend implements SweepBackend {
    private final TaskDataCache datasets = TaskDataCache.PROCESS;

    @Override
    public String id() {
        return "djl";
    }

    @Override
    public DjlSession open(TaskSpec task, ModelSpec modelSpec, SweepConfig config) {
        modelSpec.checkFits(task);
        TaskData data = datasets.of(task);
        DjlRuntime.engine(config.threads());
        Model model = Model.newInstance("lrfinder-" + task.kind().id(), "PyTorch");
        try {
            model.setBlock(DjlModels.build(modelSpec, data.outputs()));
            long[] inputDims = new long[data.sampleShape().length + 1];
            inputDims[0] = config.batchSize();
            System.arraycopy(data.sampleShape(), 0, inputDims, 1, data.sampleShape().length);
            return DjlRangeTest.builder()
                    .setModel(model)
                    .setBatchSource(new SampledBatches(new BatchSampler(data, task, config.batchSize(), config.seed()),
                            data))
                    .setLoss(task.kind().isClassification() ? Loss.softmaxCrossEntropyLoss() : Loss.l2Loss("mse", 1f))
                    .optConfig(config)
                    .optInitializer(DjlModels.weightInitializer())
                    .optInputShapes(new Shape(inputDims))
                    .build()
                    .open(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
