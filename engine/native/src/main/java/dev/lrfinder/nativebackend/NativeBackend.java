package dev.lrfinder.nativebackend;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.LossSpec;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.ReplicaGroup;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepData;
import dev.lrfinder.sweep.SweepSession;
import dev.lrfinder.sweep.ValidationPlan;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.ScriptModel;
import dev.lrfinder.task.TrainingData;
import java.util.List;
import java.util.Optional;

/**
 * The {@code native} backend: lrfinder's C++ shim over the libtorch on the machine (Debian's
 * libtorch 1.13.1 on CPU machines, a pip torch's on GPU machines): every step runs inside libtorch,
 * from data resident on the device: the user's data are read in place from their direct block, a
 * built-in task's are copied once. Batches are the same as the djl backend's for the same seed
 * ({@link BatchSampler} plans them); initial weights follow the same rule from a different generator.
 */
public final class NativeBackend implements SweepBackend {
    /** What the shim says before what a user's forward returned instead of one tensor. */
    private static final String ONE_TENSOR = "must return one tensor, it returns ";

    private final String device;
    private final boolean autogradOnly;
    private final boolean cudaGraphs;

    /** On the CPU. */
    public NativeBackend() {
        this("cpu");
    }

    /** On {@code device}: {@code cpu}, {@code cuda} or {@code cuda:N} (checked by the shim on first use). */
    public NativeBackend(String device) {
        this(device, false);
    }

    /** {@code autogradOnly}: the built-in MLP too through autograd and torch.optim, never its fused step (for tests). */
    NativeBackend(String device, boolean autogradOnly) {
        this(device, autogradOnly, false);
    }

    private NativeBackend(String device, boolean autogradOnly, boolean cudaGraphs) {
        if (device == null || device.isBlank()) {
            throw Checks.invalid("device", device, "cpu, cuda or cuda:N");
        }
        this.device = device;
        this.autogradOnly = autogradOnly;
        this.cudaGraphs = cudaGraphs;
    }

    /**
     * This backend with batched replicas ({@link #openReplicas}) captured once as a CUDA graph and
     * replayed every step: for launch-bound models (small MLPs), where a step's time is its kernel
     * launches. Needs a CUDA device and a shim built against a torch with CUDA (build-shim then
     * compiles graphs in by itself); checked here, which loads the shim. Single sessions ({@link
     * #open}) run without graphs.
     *
     * @throws IllegalArgumentException {@code cudaGraphs = on: must be off ...} where graphs cannot run
     */
    public NativeBackend withCudaGraphs(boolean on) {
        if (on && !device.startsWith("cuda")) {
            throw Checks.invalid("cudaGraphs", "on", "off on device " + device + " (CUDA graphs need --device cuda)");
        }
        if (on && !ReplicaShim.get().cudaGraphsBuilt()) {
            throw Checks.invalid("cudaGraphs", "on",
                    "off: this shim was built without CUDA graphs (a torch without CUDA, or no CUDA runtime headers)");
        }
        return new NativeBackend(device, autogradOnly, on);
    }

    /** Whether batched replicas replay a CUDA graph. */
    public boolean cudaGraphs() {
        return cudaGraphs;
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
        SweepConfig resolved = config.withLossFor(data);
        return open(sweepData, plan, resolved,
                NativeModel.builtin(modelSpec, data.sampleShape(), resolved.loss().outputs(data), config.seed(), device));
    }

    @Override
    public SweepSession open(SweepData sweepData, ScriptModel script, SweepConfig config) {
        ValidationPlan plan = sweepData.check(config);
        return open(sweepData, plan, config.withLossFor(sweepData.train()), load(script));
    }

    @Override
    public String check(SweepData sweepData, ScriptModel script, LossSpec loss) {
        TrainingData data = sweepData.train();
        try (NativeModel model = load(script)) {
            long[] probe = new long[data.sampleShape().length + 1];
            probe[0] = ScriptModel.PROBE_BATCH;
            System.arraycopy(data.sampleShape(), 0, probe, 1, data.sampleShape().length);
            NativeModel.Output output;
            try {
                output = model.probe(probe);
            } catch (IllegalArgumentException e) { // the shim's words on what the forward returned (model.cpp's only_tensor)
                String message = e.getMessage() == null ? "" : e.getMessage();
                int returned = message.indexOf(ONE_TENSOR);
                throw returned >= 0 ? script.notOneTensor(message.substring(returned + ONE_TENSOR.length()))
                        : script.forwardFailed(data, message);
            } catch (NativeException e) { // libtorch's error
                throw script.forwardFailed(data, e.getMessage());
            }
            script.checkTrainableOutput(output.dtype(), output.floatingPoint(), output.requiresGrad());
            loss.checkScriptOutput(script, output.shape(), data);
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

    /** A session on {@code model}, which it owns from here on (freed here when opening fails); {@code config}'s loss resolved. */
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
            return NativeSession.open(model, samples, config.loss().kind().id(), config, sampler, autogradOnly, true,
                    validation, plan);
        } catch (RuntimeException | Error e) {
            try (NativeModel m = model; NativeData d = samples; NativeData v = validation) { // freed, with e kept as the failure
                throw e;
            }
        }
    }

    /** Validation-loss mode, input noise and Java-side augmentation (random crops, colour jitter) run one session per run. */
    @Override
    public Optional<String> replicasRefused(SweepData data, ModelSpec model, SweepConfig config) {
        if (config.validationLoss()) {
            return Optional.of("batched replicas do not evaluate validation data (validation-loss mode)");
        }
        if ((model.kind() != ModelSpec.Kind.MLP && model.kind() != ModelSpec.Kind.CNN) || model.batchNorm()
                || model.dropout() > 0) {
            return Optional.of("batched replicas stack the plain mlp and cnn (no batch norm, no dropout), not "
                    + model.describe());
        }
        if (config.accumulate() > 1) {
            return Optional.of("batched replicas step every batch (no gradient accumulation)");
        }
        OptimizerSpec o = config.optimizer();
        OptimizerSpec torchDefaults = OptimizerSpec.builder(o.kind()).build();
        boolean adamDefaults = o.beta1() == torchDefaults.beta1() && o.beta2() == torchDefaults.beta2()
                && o.eps() == torchDefaults.eps();
        if (o.kind() == OptimizerKind.RMSPROP || o.dampening() != 0 || !adamDefaults) {
            return Optional.of("batched replicas run sgd (momentum, nesterov, weight decay), adam and adamw with torch's"
                    + " default betas and eps, no dampening");
        }
        LossSpec byData = LossSpec.BY_DATA.resolvedFor(data.train());
        if (!config.loss().resolvedFor(data.train()).equals(byData)) {
            return Optional.of("batched replicas train on the data's default loss (" + byData.describe() + ")");
        }
        if (data.train().augmentNoise() > 0) {
            return Optional.of("batched replicas share one data set, and input noise is drawn from each run's seed");
        }
        if (new BatchSampler(data.train(), config.batchSize(), config.seed()).augmentsInJava()) {
            return Optional.of("batched replicas draw their batches in the shim, which has no random crops or colour jitter");
        }
        return Optional.empty();
    }

    @Override
    @SuppressWarnings("try") // the resource in the catch block is there to be closed
    public ReplicaGroup openReplicas(SweepData sweepData, ModelSpec modelSpec, List<SweepConfig> configs) {
        if (configs.isEmpty()) {
            throw Checks.invalid("configs", 0, "at least one");
        }
        SweepConfig first = configs.getFirst();
        for (SweepConfig c : configs) {
            if (!c.toBuilder().optSeed(first.seed()).build().equals(first)) {
                throw Checks.invalid("configs", c, "equal to the first but for the seed (" + first + ")");
            }
        }
        replicasRefused(sweepData, modelSpec, first).ifPresent(why -> {
            throw Checks.invalid("replicas", configs.size(), "1: " + why);
        });
        TrainingData data = sweepData.train();
        modelSpec.checkFits(data);
        sweepData.check(first);
        List<BatchSampler> samplers = configs.stream()
                .map(c -> new BatchSampler(data, c.batchSize(), c.seed()))
                .toList();
        BatchSampler sampler = samplers.getFirst(); // the noise table depends on the data, not the seed
        NativeData samples = NativeData.of(data, sampler.noiseTable(), sampler.augmentNoise(), device);
        try {
            return NativeReplicas.open(modelSpec, data.sampleShape(), data.outputs(), samples,
                    data.isClassification() ? "cross_entropy" : "mse", configs, samplers, device, cudaGraphs);
        } catch (RuntimeException | Error e) {
            try (NativeData d = samples) {
                throw e;
            }
        }
    }

    /** Why the native backend cannot run in this JVM (the shim is not built, or DJL's libtorch is loaded); loads the shim. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(NativeShim.absentReason());
    }

    /**
     * The libtorch version the shim was built against, read from the shim file without loading it
     * (and libtorch with it); empty when no shim is built.
     */
    public static Optional<String> builtTorchVersion() {
        return NativeShim.builtTorchVersion();
    }

    /** The libtorch version the shim was built against; loads the shim. */
    public static String torchVersion() {
        return NativeShim.string(NativeShim.get().torchVersion);
    }
}
