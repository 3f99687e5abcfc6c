package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.StopReason;
import dev.lrfinder.sweep.SweepConfig;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A model, a fresh optimizer stepping it and a loss, in native code. {@link NativeRangeTest} runs
 * whole blocks of steps through it; {@link #step} runs one, for callers that drive the loop.
 */
public final class NativeTrainer extends NativeHandle {
    private final NativeShim shim;
    private final NativeModel model;

    private NativeTrainer(NativeShim shim, MemorySegment handle, NativeModel model) {
        super("trainer", handle);
        this.shim = shim;
        this.model = model;
    }

    /**
     * A trainer for {@code model} with {@code optimizer} (torch.optim's), the loss named {@code loss}
     * ({@code cross_entropy}, {@code mse}, {@code l1}, {@code smooth_l1}, {@code bce_with_logits})
     * and {@code config}'s divergence rule, read interval and step count; {@code config.seed()}
     * seeds what the step draws itself (dropout).
     */
    public static NativeTrainer create(NativeModel model, String loss, SweepConfig config) {
        return create(model, config.optimizer(), loss, config.divergence(), config.lossReadInterval(),
                config.steps(), config.seed(), false);
    }

    /**
     * {@code autogradOnly}: never the fused plain-SGD path of the built-in MLP (see lrf_trainer_new),
     * always autograd and torch.optim, for checking one against the other.
     */
    static NativeTrainer create(NativeModel model, OptimizerSpec optimizer, String loss, DivergenceRule divergence,
            int readInterval, int totalSteps, long seed, boolean autogradOnly) {
        NativeShim shim = model.shim();
        double threshold = divergence instanceof DivergenceRule.Threshold t ? t.threshold() : Double.POSITIVE_INFINITY;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            shim.call(shim.trainerNew, model.handle(), arena.allocateFrom(optimizer.kind().id()), optimizer.momentum(),
                    optimizer.weightDecay(), arena.allocateFrom(loss), threshold, readInterval, (long) totalSteps, seed,
                    autogradOnly ? 1 : 0, out);
            return new NativeTrainer(shim, out.get(ADDRESS, 0), model);
        }
    }

    /** What one {@link #step} did: its loss, and why the divergence rule stops here (null: go on). */
    public record StepResult(double loss, StopReason stop) {}

    /**
     * One optimizer step at {@code lr} on the batch the plan names ({@code flips} and {@code
     * noiseOffsets} may be null), its loss read at once.
     */
    public StepResult step(NativeData data, double lr, long[] indices, byte[] flips, int[] noiseOffsets) {
        Checks.nonNegative("lr", lr);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment loss = call.allocate(JAVA_DOUBLE);
            MemorySegment stop = call.allocate(JAVA_INT);
            shim.call(shim.trainerStep, handle(), data.handle(), (long) indices.length, lr,
                    call.allocateFrom(JAVA_LONG, indices),
                    flips == null ? MemorySegment.NULL : call.allocateFrom(JAVA_BYTE, flips),
                    noiseOffsets == null ? MemorySegment.NULL : call.allocateFrom(JAVA_INT, noiseOffsets), loss, stop);
            return new StepResult(loss.get(JAVA_DOUBLE, 0), stopReason(stop.get(JAVA_INT, 0)));
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

    public NativeModel model() {
        return model;
    }

    /** Runs up to {@code count} steps of the schedule; see lrf_trainer_run. */
    void run(NativeData data, int batch, int count, MemorySegment lrs, MemorySegment indices, MemorySegment flips,
            MemorySegment noiseOffsets, MemorySegment losses, MemorySegment stepNanos, MemorySegment status) {
        shim.call(shim.trainerRun, handle(), data.handle(), (long) batch, (long) count, lrs, indices, flips,
                noiseOffsets, losses, stepNanos, status);
    }

    /** Records steps run but not read yet, unchecked (the sweep was interrupted). */
    void flush(MemorySegment losses, MemorySegment status) {
        shim.call(shim.trainerFlush, handle(), losses, status);
    }

    /** The stop reason an LRF_STOP_* code names; null for NONE. */
    static StopReason stopReason(int code) {
        return switch (code) {
            case 0 -> null;
            case 1 -> StopReason.COMPLETED;
            case 2 -> StopReason.DIVERGED;
            case 3 -> StopReason.NON_FINITE;
            default -> throw new IllegalStateException("the shim returned an unknown stop code " + code);
        };
    }

    @Override
    void free(MemorySegment handle) {
        shim.call(shim.trainerFree, handle);
    }
}
