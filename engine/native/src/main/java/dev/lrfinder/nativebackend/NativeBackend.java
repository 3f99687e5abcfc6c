package dev.lrfinder.nativebackend;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepSession;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskData;
import dev.lrfinder.task.TaskDataCache;
import dev.lrfinder.task.TaskSpec;
import java.util.Optional;

/**
 * The {@code native} backend: lrfinder's C++ shim over the libtorch on the machine (Debian's
 * libtorch 1.13.1 on CPU machines, a pip torch's on GPU machines): every step runs inside libtorch,
 * from data resident on the device. Batches are the same as the djl backend's for the same seed ({@link BatchSampler}
 * plans them); initial weights follow the same rule from a different generator.
 */
public final class NativeBackend implements SweepBackend {
    private final String device;
    private final boolean autogradOnly;
    private final TaskDataCache datasets = TaskDataCache.PROCESS;

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
    @SuppressWarnings("try") // the resources in the catch block are there to be closed
    public SweepSession open(TaskSpec task, ModelSpec modelSpec, SweepConfig config) {
        modelSpec.checkFits(task);
        TaskData data = datasets.of(task);
        BatchSampler sampler = new BatchSampler(data, task, config.batchSize(), config.seed());
        NativeModel model = NativeModel.builtin(modelSpec, data.sampleShape(), data.outputs(), config.seed(), device);
        NativeData samples = null;
        try {
            samples = NativeData.of(data, sampler.noiseTable(), sampler.augmentNoise(), device);
            return NativeSession.open(model, samples, task.kind().isClassification() ? "cross_entropy" : "mse", config,
                    sampler, autogradOnly, true);
        } catch (RuntimeException | Error e) {
            try (NativeModel m = model; NativeData d = samples) { // freed, with e kept as the failure
                throw e;
            }
        }
    }

    /** Why the native backend cannot run in this JVM (the shim is not built, or DJL's libtorch is loaded); loads the shim. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(NativeShim.absentReason());
    }

    /** The libtorch version the shim was built against; loads the shim. */
    public static String torchVersion() {
        return NativeShim.string(NativeShim.get().torchVersion);
    }
}
