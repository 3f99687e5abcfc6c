package dev.lrfinder.nativebackend;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepData;
import dev.lrfinder.sweep.SweepSession;
import dev.lrfinder.sweep.ValidationPlan;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TrainingData;
import java.util.Optional;

/**
 * The {@code native} backend: lrfinder's C++ shim over the libtorch on the machine (Debian's
 * libtorch 1.13.1 on CPU machines, a pip torch's on GPU machines): every step runs inside libtorch,
 * from data resident on the device: the user's data are read in place from their direct block, a
 * built-in task's are copied once. Batches are the same as the djl backend's for the same seed
 * ({@link BatchSampler} plans them); initial weights follow the same rule from a different generator.
 */
public final class NativeBackend implements SweepBackend {
    private final String device;
    private final boolean autogradOnly;

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
    public SweepSession open(SweepData sweepData, ModelSpec modelSpec, SweepConfig config) {
        TrainingData data = sweepData.train();
        modelSpec.checkFits(data);
        ValidationPlan plan = sweepData.check(config);
        SweepConfig resolved = config.withLossFor(data);
        BatchSampler sampler = new BatchSampler(data, config.batchSize(), config.seed());
        NativeModel model = NativeModel.builtin(modelSpec, data.sampleShape(), resolved.loss().outputs(data), config.seed(),
                device);
        NativeData samples = null;
        NativeData validation = null;
        try {
            samples = NativeData.of(data, sampler.noiseTable(), sampler.augmentNoise(), device);
            if (plan != null) {
                validation = NativeData.of(sweepData.validation().orElseThrow(), null, 0, device);
            }
            return NativeSession.open(model, samples, resolved.loss().kind().id(), resolved, sampler, autogradOnly, true,
                    validation, plan);
        } catch (RuntimeException | Error e) {
            try (NativeModel m = model; NativeData d = samples; NativeData v = validation) { // freed, with e kept as the failure
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
