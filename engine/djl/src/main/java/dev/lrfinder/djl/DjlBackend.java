package dev.lrfinder.djl;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import dev.lrfinder.sweep.LossSpec;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepData;
import dev.lrfinder.sweep.ValidationPlan;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.ScriptModel;
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
        DjlRangeTest.checkPrecision(config);
        ValidationPlan plan = sweepData.check(config);
        SweepConfig resolved = config.withLossFor(data);
        DjlRuntime.engine(config.threads());
        Model model = Model.newInstance("lrfinder", "PyTorch");
        try {
            model.setBlock(DjlModels.build(modelSpec, data.sampleShape(), resolved.loss().outputs(data), config.seed()));
            return rangeTest(sweepData, plan, resolved, model)
                    .optInitializer(DjlModels.weightInitializer())
                    .build()
                    .open(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public DjlSession open(SweepData sweepData, ScriptModel script, SweepConfig config) {
        ValidationPlan plan = sweepData.check(config);
        DjlRuntime.engine(config.threads());
        Model model = TorchScriptModels.load(script);
        try {
            return rangeTest(sweepData, plan, config.withLossFor(sweepData.train()), model).build().open(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public String check(SweepData data, ScriptModel script, LossSpec loss) {
        DjlRuntime.engine(SweepConfig.defaults().threads());
        return TorchScriptModels.check(script, data.train(), loss);
    }

    /**
     * The range test of {@code model} on the data's batches (in the seed's order) with the config's
     * loss (resolved for the data); a block not initialised yet (a built-in one) is initialised for batches of the config's size.
     */
    private static DjlRangeTest.Builder rangeTest(SweepData sweepData, ValidationPlan plan, SweepConfig config,
            Model model) {
        TrainingData data = sweepData.train();
        LossSpec loss = config.loss();
        boolean classTargets = loss.classTargets(data);
        BatchSampler sampler = new BatchSampler(data, config.batchSize(), config.seed());
        long[] inputDims = new long[data.sampleShape().length + 1];
        inputDims[0] = config.batchSize();
        System.arraycopy(data.sampleShape(), 0, inputDims, 1, data.sampleShape().length);
        DjlRangeTest.Builder test = DjlRangeTest.builder()
                .setModel(model)
                .setBatchSource(new SampledBatches(sampler, data, classTargets))
                .setLoss(new TorchLoss(loss))
                .optConfig(config)
                .optInputShapes(new Shape(inputDims));
        if (plan != null) {
            TrainingData validation = sweepData.validation().orElseThrow();
            test.setValidation(() -> new PlannedValidation(validation, plan, classTargets));
        }
        return test;
    }
}
