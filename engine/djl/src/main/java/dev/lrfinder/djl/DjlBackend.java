package dev.lrfinder.djl;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepData;
import dev.lrfinder.sweep.ValidationPlan;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TrainingData;

/**
 * The {@code djl} backend: DJL's PyTorch engine, driven op by op through JNI. Batches are gathered
 * from the data's block in Java ({@link BatchSampler}) and handed over through direct buffers; the
 * block itself is only read.
 */
public final class DjlBackend implements SweepBackend {

    @Override
    public String id() {
        return "djl";
    }

    @Override
    public DjlSession open(SweepData sweepData, ModelSpec modelSpec, SweepConfig config) {
        TrainingData data = sweepData.train();
        modelSpec.checkFits(data);
        ValidationPlan plan = sweepData.check(config);
        BatchSampler sampler = new BatchSampler(data, config.batchSize(), config.seed());
        DjlRuntime.engine(config.threads());
        Model model = Model.newInstance("lrfinder", "PyTorch");
        try {
            model.setBlock(DjlModels.build(modelSpec, data.sampleShape(), data.outputs(), config.seed()));
            long[] inputDims = new long[data.sampleShape().length + 1];
            inputDims[0] = config.batchSize();
            System.arraycopy(data.sampleShape(), 0, inputDims, 1, data.sampleShape().length);
            DjlRangeTest.Builder test = DjlRangeTest.builder()
                    .setModel(model)
                    .setBatchSource(new SampledBatches(sampler, data))
                    .setLoss(data.isClassification() ? Loss.softmaxCrossEntropyLoss() : Loss.l2Loss("mse", 1f))
                    .optConfig(config)
                    .optInitializer(DjlModels.weightInitializer())
                    .optInputShapes(new Shape(inputDims));
            if (plan != null) {
                TrainingData validation = sweepData.validation().orElseThrow();
                test.setValidation(() -> new PlannedValidation(validation, plan));
            }
            return test.build().open(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
