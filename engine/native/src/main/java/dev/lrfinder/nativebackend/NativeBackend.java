package dev.lrfinder.nativebackend;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepListener;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskData;
import dev.lrfinder.task.TaskDataCache;
import dev.lrfinder.task.TaskSpec;
import java.util.Optional;

/**
 * The {@code native} backend: lrfinder's C++ shim over the libtorch on the machine (Debian's
 * libtorch 1.13.1 on CPU machines, a pip torch's on GPU machines), the whole sweep loop inside
 * libtorch. Batches are the same as the djl backend's for the same seed ({@link BatchSampler}
 * plans them); initial weights follow the same rule from a different generator.
 */
public final class NativeBackend implements SweepBackend {
    private final String device;
    private final boolean autogradOnly;
    private final TaskDataCache datasets = new TaskDataCache();

    /** On the CPU. */
    public NativeBackend() {
        this("cpu");
    }

    /** On {@code device}: {@code cpu}, {@code cuda} or {@code cuda:N} (checked by the shim on first use). */
    public NativeBackend(String device) {
        this(device, false);
    }

    /** {@code autogradOnly}: plain SGD too through autograd and torch.optim (for tests). */
    NativeBackend(String device, boolean autogradOnly) {
        if (device == null || device.isBlank()) {
            throw Checks.invalid("device", device, "cpu, cuda or cuda:N");
        }
        this.device = device;
        this.autogradOnly = autogradOnly;
    }

    @Override
    public String id() {
        return "native";
    }

    public String device() {
        return device;
    }

    @Override
    public SweepResult run(TaskSpec task, ModelSpec modelSpec, SweepConfig config, SweepListener listener) {
        return sweep(task, modelSpec, config, null, listener);
    }

    /** Trains at one fixed rate from the range test's start, then restores: as DjlBackend.fit. */
    public SweepResult fit(TaskSpec task, ModelSpec modelSpec, SweepConfig config, double lr) {
        return sweep(task, modelSpec, config, config.fixedLrGrid(lr), SweepListener.NONE);
    }

    /** Why the native backend cannot run in this JVM (the shim is not built, or DJL's libtorch is loaded); loads the shim. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(NativeShim.absentReason());
    }

    /** The libtorch version the shim was built against; loads the shim. */
    public static String torchVersion() {
        return NativeShim.string(NativeShim.get().torchVersion);
    }


    private SweepResult sweep(
            TaskSpec task, ModelSpec modelSpec, SweepConfig config, double[] lrGrid, SweepListener listener) {
        modelSpec.checkFits(task);
        TaskData data = datasets.of(task);
        BatchSampler sampler = new BatchSampler(data, task, config.batchSize(), config.seed());
        try (NativeModel model = NativeModel.builtin(modelSpec, data.sampleShape(), data.outputs(), config.seed(), device);
                NativeData samples = NativeData.of(data, sampler.noiseTable(), sampler.augmentNoise(), device)) {
            NativeRangeTest.Builder test = NativeRangeTest.builder()
                    .setModel(model)
                    .setData(samples)
                    .setLoss(task.kind().isClassification() ? "cross_entropy" : "mse")
                    .optConfig(config)
                    .setSampler(sampler)
                    .optAutogradOnly(autogradOnly)
                    .optListener(listener)
                    .optTaskDescription(task.describe() + ", " + modelSpec.describe());
            if (lrGrid != null) {
                test.optLrGrid(lrGrid);
            }
            return test.build().run();
        }
    }
}
