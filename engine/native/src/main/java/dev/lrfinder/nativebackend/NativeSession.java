package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.lrfinder.sweep.BackendInfo;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepSession;
import dev.lrfinder.task.BatchSampler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A native model and its data with a fresh trainer, stepped by {@link dev.lrfinder.sweep.SweepLoop}:
 * Java draws each step's batch plan ({@link BatchSampler}, the same draws as the djl backend's),
 * the shim gathers and augments the batch on the device and steps; the losses stay there, queued,
 * until a block is read. One downcall per step, one per block. Not thread-safe.
 */
final class NativeSession implements SweepSession {
    private final NativeModel model;
    private final NativeData data;
    private final NativeTrainer trainer;
    private final boolean ownsModelAndData;
    private final Arena arena = Arena.ofConfined(); // the plan and loss buffers the shim reads and writes
    private final BatchPlan plan;
    private final MemorySegment readCount = arena.allocate(JAVA_LONG);
    private long lossCapacity = SweepConfig.DEFAULT_LOSS_READ_INTERVAL;
    private MemorySegment losses = arena.allocate(JAVA_DOUBLE, lossCapacity);
    private int queued;
    private boolean closed;

    private NativeSession(NativeModel model, NativeData data, NativeTrainer trainer, BatchSampler sampler,
            boolean ownsModelAndData) {
        this.model = model;
        this.data = data;
        this.trainer = trainer;
        this.ownsModelAndData = ownsModelAndData;
        this.plan = new BatchPlan(sampler, arena);
    }

    /**
     * A session on {@code model} and {@code data} with {@code config}'s optimizer, batch size, seed
     * and threads; {@code sampler} plans the batches (null: plain shuffled epochs of {@code data}).
     * With {@code ownsModelAndData} closing the session closes them too.
     */
    static NativeSession open(NativeModel model, NativeData data, String loss, SweepConfig config,
            BatchSampler sampler, boolean autogradOnly, boolean ownsModelAndData) {
        NativeShim shim = model.shim();
        shim.call(shim.setThreads, config.threads());
        BatchSampler plans = sampler != null
                ? sampler
                : BatchSampler.forPlans((int) data.samples(), config.batchSize(), 0, false, config.seed());
        NativeTrainer trainer = NativeTrainer.create(model, config.optimizer(), loss, config.seed(), autogradOnly);
        try {
            return new NativeSession(model, data, trainer, plans, ownsModelAndData);
        } catch (RuntimeException | Error e) {
            trainer.close();
            throw e;
        }
    }

    /** Plans the next batch and queues a step on it; the rate is applied as given (libtorch keeps a double). */
    @Override
    public double step(double lr) {
        plan.next();
        trainer.queue(data, plan.batch(), lr, plan.indices(), plan.flips(), plan.noiseOffsets());
        queued++;
        return lr;
    }

    @Override
    public int readLosses(double[] into, int offset) {
        if (queued > lossCapacity) {
            lossCapacity = Math.max(queued, 2 * lossCapacity);
            losses = arena.allocate(JAVA_DOUBLE, lossCapacity);
        }
        int count = Math.toIntExact(trainer.readLosses(losses, lossCapacity, readCount));
        queued = 0;
        MemorySegment.copy(losses, JAVA_DOUBLE, 0, into, offset, count);
        return count;
    }

    /** Parameters, buffers and the optimizer's state. */
    @Override
    public NativeSnapshot snapshot() {
        return trainer.snapshot();
    }

    @Override
    public BackendInfo info() {
        NativeShim shim = model.shim();
        return new BackendInfo("native", "PyTorch", NativeShim.string(shim.torchVersion),
                "lrfinder shim " + NativeShim.string(shim.version), model.device());
    }

    NativeModel model() {
        return model;
    }

    /** Frees the trainer and the buffers, then the data and the model if the session owns them; twice is fine. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            trainer.close();
        } finally {
            arena.close();
            if (ownsModelAndData) {
                try {
                    data.close();
                } finally {
                    model.close();
                }
            }
        }
    }
}
