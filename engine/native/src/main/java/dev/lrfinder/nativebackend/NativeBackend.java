package dev.lrfinder.nativebackend;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepData;
import dev.lrfinder.sweep.SweepSession;
import dev.lrfinder.sweep.ValidationPlan;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.ScriptModel;
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
    public SweepSession open(SweepData sweepData, ModelSpec modelSpec, SweepConfig config) {
        TrainingData data = sweepData.train();
        modelSpec.checkFits(data);
        ValidationPlan plan = sweepData.check(config);
        return open(sweepData, plan, config,
                NativeModel.builtin(modelSpec, data.sampleShape(), data.outputs(), config.seed(), device));
    }

    @Override
    public SweepSession open(SweepData sweepData, ScriptModel script, SweepConfig config) {
        ValidationPlan plan = sweepData.check(config);
        return open(sweepData, plan, config, load(script));
    }

    @Override
    public String check(SweepData sweepData, ScriptModel script) {
        TrainingData data = sweepData.train();
        try (NativeModel model = load(script)) {
            long[] probe = new long[data.sampleShape().length + 1];
            probe[0] = ScriptModel.PROBE_BATCH;
            System.arraycopy(data.sampleShape(), 0, probe, 1, data.sampleShape().length);
            long[] output;
            try {
                output = model.outputShape(probe);
            } catch (NativeException | IllegalArgumentException e) { // libtorch's error, or the shim's on a non-tensor output
                throw script.forwardFailed(data, e.getMessage());
            }
            script.checkOutput(output, data);
            return script.describe(model.trainableParameters());
        }
    }

    /** The user's file on this backend's device; what libtorch says against it, as one line naming the file. */
    private NativeModel load(ScriptModel script) {
        script.checkReadable();
        try {
            return NativeModel.load(script.file(), device);
        } catch (NativeException | java.io.UncheckedIOException e) {
            throw script.unloadable(e.getMessage());
        } catch (IllegalArgumentException e) {
            // the shim's own words when no parameter requires a gradient (NativeTorchScriptTest pins them)
            throw e.getMessage() != null && e.getMessage().contains("no trainable parameters") ? script.nothingToTrain() : e;
        }
    }

    /** A session on {@code model}, which it owns from here on (freed here when opening fails). */
    @SuppressWarnings("try") // the resources in the catch block are there to be closed
    private SweepSession open(SweepData sweepData, ValidationPlan plan, SweepConfig config, NativeModel model) {
        TrainingData data = sweepData.train();
        NativeData samples = null;
        NativeData validation = null;
        try {
            BatchSampler sampler = new BatchSampler(data, config.batchSize(), config.seed());
            samples = NativeData.of(data, sampler.noiseTable(), sampler.augmentNoise(), device);
            if (plan != null) {
                validation = NativeData.of(sweepData.validation().orElseThrow(), null, 0, device);
            }
            return NativeSession.open(model, samples, data.isClassification() ? "cross_entropy" : "mse", config,
                    sampler, autogradOnly, true, validation, plan);
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
