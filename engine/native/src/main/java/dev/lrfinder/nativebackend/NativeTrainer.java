package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.LossKind;
import dev.lrfinder.sweep.LossSpec;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.Precision;
import dev.lrfinder.sweep.SweepConfig;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * A model, a fresh optimizer stepping it and a loss, in native code. A sweep ({@link
 * NativeSession}) queues steps and reads their losses in blocks; {@link #step} runs one and reads
 * its loss at once, for callers that drive the loop.
 */
public final class NativeTrainer extends NativeHandle {
    private final NativeShim shim;
    private final NativeModel model;
    private final int accumulate;

    private NativeTrainer(NativeShim shim, MemorySegment handle, NativeModel model, int accumulate) {
        super("trainer", handle);
        this.shim = shim;
        this.model = model;
        this.accumulate = accumulate;
    }

    /** lrf_optimizer_options: kind, seven doubles, two int32 flags. */
    private static final StructLayout OPTIMIZER_OPTIONS = MemoryLayout.structLayout(ADDRESS.withName("kind"),
            JAVA_DOUBLE.withName("momentum"), JAVA_DOUBLE.withName("dampening"), JAVA_DOUBLE.withName("weight_decay"),
            JAVA_DOUBLE.withName("beta1"), JAVA_DOUBLE.withName("beta2"), JAVA_DOUBLE.withName("eps"),
            JAVA_DOUBLE.withName("alpha"), JAVA_INT.withName("nesterov"), JAVA_INT.withName("centered"));
    /** lrf_loss_options: name, label smoothing, Huber's delta. */
    private static final StructLayout LOSS_OPTIONS = MemoryLayout.structLayout(ADDRESS.withName("name"),
            JAVA_DOUBLE.withName("label_smoothing"), JAVA_DOUBLE.withName("huber_delta"));

    /**
     * A trainer for {@code model} with {@code config}'s optimizer (torch.optim's), accumulation and
     * loss ({@code config.loss()}, which must name its kind); {@code config.seed()} seeds what the
     * step draws itself (dropout).
     */
    public static NativeTrainer create(NativeModel model, SweepConfig config) {
        if (config.loss().kind() == null) {
            throw Checks.invalid("loss", null, "one of " + LossKind.ids() + " (resolve the data's default first)");
        }
        return create(model, config.optimizer(), config.loss(), config.accumulate(), config.seed(), false);
    }

    /**
     * A trainer for {@code model} with {@code config}'s optimizer and accumulation and the loss named
     * {@code loss} by the shim's names ({@code cross-entropy}, {@code bce}, {@code mse}, {@code l1},
     * {@code huber}, or those of before: {@code cross_entropy}, {@code bce_with_logits}, {@code
     * smooth_l1}), with {@code config.loss()}'s label smoothing and Huber delta.
     */
    public static NativeTrainer create(NativeModel model, String loss, SweepConfig config) {
        return create(model, config.optimizer(), loss, config.loss().labelSmoothing(), config.loss().huberDelta(),
                config.accumulate(), config.seed(), false);
    }

    /**
     * {@code autogradOnly}: never the fused path of the built-in MLP (SGD, momentum, Adam, AdamW; see lrf_trainer_new),
     * always autograd and torch.optim, for checking one against the other.
     */
    static NativeTrainer create(NativeModel model, OptimizerSpec optimizer, LossSpec loss, int accumulate, long seed,
            boolean autogradOnly) {
        return create(model, optimizer, loss.kind().id(), loss.labelSmoothing(), loss.huberDelta(), accumulate, seed,
                autogradOnly);
    }

    /** With the loss by the shim's name (which also takes cross_entropy, bce_with_logits and smooth_l1). */
    static NativeTrainer create(NativeModel model, OptimizerSpec optimizer, String loss, double labelSmoothing,
            double huberDelta, int accumulate, long seed, boolean autogradOnly) {
        NativeShim shim = model.shim();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment o = arena.allocate(OPTIMIZER_OPTIONS);
            o.set(ADDRESS, 0, arena.allocateFrom(optimizer.kind().id()));
            double[] values = {optimizer.momentum(), optimizer.dampening(), optimizer.weightDecay(), optimizer.beta1(),
                optimizer.beta2(), optimizer.eps(), optimizer.alpha()};
            MemorySegment.copy(values, 0, o, JAVA_DOUBLE, ADDRESS.byteSize(), values.length);
            long flags = ADDRESS.byteSize() + values.length * JAVA_DOUBLE.byteSize();
            o.set(JAVA_INT, flags, optimizer.nesterov() ? 1 : 0);
            o.set(JAVA_INT, flags + JAVA_INT.byteSize(), optimizer.centered() ? 1 : 0);
            MemorySegment l = arena.allocate(LOSS_OPTIONS);
            l.set(ADDRESS, 0, arena.allocateFrom(loss));
            l.set(JAVA_DOUBLE, ADDRESS.byteSize(), labelSmoothing);
            l.set(JAVA_DOUBLE, ADDRESS.byteSize() + JAVA_DOUBLE.byteSize(), huberDelta);
            MemorySegment out = arena.allocate(ADDRESS);
            shim.call(shim.trainerNew, model.handle(), o, l, (long) accumulate, seed, autogradOnly ? 1 : 0, out);
            return new NativeTrainer(shim, out.get(ADDRESS, 0), model, accumulate);
        }
    }

    /**
     * One optimizer step at {@code lr} on the batch the plan names ({@code flips} and {@code
     * noiseOffsets} may be null); its loss, read at once. With gradient accumulation the plan holds
     * the step's micro-batches one after another.
     */
    public double step(NativeData data, double lr, long[] indices, byte[] flips, int[] noiseOffsets) {
        Checks.nonNegative("lr", lr);
        if (indices.length % accumulate != 0) {
            throw Checks.invalid("indices.length", indices.length, "a multiple of accumulate (" + accumulate + ")");
        }
        try (Arena call = Arena.ofConfined()) {
            queue(data, indices.length / accumulate, lr, call.allocateFrom(JAVA_LONG, indices),
                    flips == null ? MemorySegment.NULL : call.allocateFrom(JAVA_BYTE, flips),
                    noiseOffsets == null ? MemorySegment.NULL : call.allocateFrom(JAVA_INT, noiseOffsets));
            MemorySegment loss = call.allocate(JAVA_DOUBLE);
            readLosses(loss, 1, call.allocate(JAVA_LONG));
            return loss.get(JAVA_DOUBLE, 0);
        }
    }

    /** A copy of the model and of this trainer's optimizer state, to {@link NativeSnapshot#restore()} later. */
    public NativeSnapshot snapshot() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            shim.call(shim.snapshotTake, handle(), out);
            return new NativeSnapshot(shim, out.get(ADDRESS, 0));
        }
    }

    /**
     * The momentum (SGD, RMSprop) or beta1 (Adam, AdamW) of the steps from now on, in the optimizer's
     * parameter group and its fused update (see lrf_trainer_set_momentum).
     */
    void setMomentum(double momentum) {
        Checks.inHalfOpen("momentum", momentum, 0, 1);
        shim.call(shim.trainerSetMomentum, handle(), momentum);
    }

    /** Steps from now on under {@code precision} (autocast; a loss scale for fp16, CUDA only). */
    void setPrecision(Precision precision) {
        ReplicaShim replicas = ReplicaShim.get();
        try (Arena arena = Arena.ofConfined()) {
            shim.call(replicas.trainerSetPrecision, handle(), arena.allocateFrom(precision.id()));
        }
    }

    public NativeModel model() {
        return model;
    }

    /** One step whose loss stays queued on the device; the plan lies in native memory. See lrf_trainer_step. */
    void queue(NativeData data, long batch, double lr, MemorySegment indices, MemorySegment flips,
            MemorySegment noiseOffsets) {
        shim.trainerStep(handle(), data.handle(), batch, lr, indices, flips, noiseOffsets);
    }

    /** One step on a batch assembled in host memory, its loss queued on the device. See lrf_trainer_step_host. */
    void queueHost(NativeData data, long batch, double lr, MemorySegment features, MemorySegment targets) {
        shim.trainerStepHost(handle(), data.handle(), batch, lr, features, targets);
    }

    /**
     * The model's mean loss over the {@code rows} rows of {@code data} that {@code indices} names,
     * in batches of {@code batchSize}, eval mode, no gradient; {@code loss} receives it. See
     * lrf_trainer_evaluate.
     */
    double evaluate(NativeData data, long rows, MemorySegment indices, long batchSize, MemorySegment loss) {
        shim.call(shim.trainerEvaluate, handle(), data.handle(), rows, indices, batchSize, loss);
        return loss.get(JAVA_DOUBLE, 0);
    }

    /** The queued losses into {@code losses} (room for {@code capacity}); how many, via {@code count}. */
    long readLosses(MemorySegment losses, long capacity, MemorySegment count) {
        shim.trainerReadLosses(handle(), losses, capacity, count);
        return count.get(JAVA_LONG, 0);
    }

    @Override
    void free(MemorySegment handle) {
        shim.call(shim.trainerFree, handle);
    }
}
