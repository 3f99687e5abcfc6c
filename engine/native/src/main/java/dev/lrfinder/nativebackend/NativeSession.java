package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.lrfinder.sweep.BackendInfo;
import dev.lrfinder.sweep.Precision;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepSession;
import dev.lrfinder.sweep.ValidationPlan;
import dev.lrfinder.task.BatchSampler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A native model and its data with a fresh trainer, stepped by {@link dev.lrfinder.sweep.SweepLoop}:
 * Java draws each step's batch plan ({@link BatchSampler}, the same draws as the djl backend's),
 * the shim gathers and augments the batch on the device and steps; the losses stay there, queued,
 * until a block is read. One downcall per step, one per block. When the data's augmentation runs in
 * Java ({@link BatchSampler#augmentsInJava()}: random crops, colour jitter), Java assembles the
 * batch, as the djl backend does, and the shim steps on it in place. In validation-loss mode one
 * more downcall per step evaluates the validation rows. Not thread-safe.
 */
final class NativeSession implements SweepSession {
    private final NativeModel model;
    private final NativeData data;
    private final NativeTrainer trainer;
    private final boolean ownsModelAndData;
    private final Arena arena = Arena.ofConfined(); // the plan, batch and loss buffers the shim reads and writes
    private final BatchSampler sampler;
    private final BatchPlan plan;
    private final HostBatch host;
    private final MemorySegment readCount = arena.allocate(JAVA_LONG);
    private final NativeData validation;
    private final MemorySegment validationRows;
    private final int validationBatchSize;
    private final MemorySegment validationLoss = arena.allocate(JAVA_DOUBLE);
    private long lossCapacity = SweepConfig.DEFAULT_LOSS_READ_INTERVAL;
    private MemorySegment losses = arena.allocate(JAVA_DOUBLE, lossCapacity);
    private int queued;
    private boolean closed;

    private NativeSession(NativeModel model, NativeData data, NativeTrainer trainer, BatchSampler sampler,
            int accumulate, boolean ownsModelAndData, NativeData validation, ValidationPlan validationPlan) {
        this.model = model;
        this.data = data;
        this.trainer = trainer;
        this.ownsModelAndData = ownsModelAndData;
        this.sampler = sampler;
        boolean inJava = sampler.augmentsInJava();
        this.plan = inJava ? null : new BatchPlan(sampler, accumulate, arena);
        this.host = inJava ? new HostBatch(sampler, accumulate, arena) : null;
        this.validation = validation;
        this.validationRows = validationPlan == null ? null : arena.allocateFrom(JAVA_LONG, validationPlan.rows());
        this.validationBatchSize = validationPlan == null ? 0 : validationPlan.batchSize();
    }

    /**
     * A session on {@code model} and {@code data} with {@code config}'s optimizer, batch size,
     * accumulation, seed and threads, and the loss named {@code loss} (with the config's label
     * smoothing and Huber delta); {@code sampler} plans the batches (null: plain shuffled epochs of {@code data}).
     * With {@code validation} (and its plan) {@link #validationLoss()} evaluates it. With {@code
     * ownsModelAndData} closing the session closes the model and both data sets too.
     */
    static NativeSession open(NativeModel model, NativeData data, String loss, SweepConfig config,
            BatchSampler sampler, boolean autogradOnly, boolean ownsModelAndData, NativeData validation,
            ValidationPlan validationPlan) {
        NativeShim shim = model.shim();
        shim.call(shim.setThreads, config.threads());
        BatchSampler plans = sampler != null
                ? sampler
                : BatchSampler.forPlans((int) data.samples(), config.batchSize(), 0, false, config.seed());
        NativeTrainer trainer = NativeTrainer.create(model, config.optimizer(), loss, config.loss().labelSmoothing(),
                config.loss().huberDelta(), config.accumulate(), config.seed(), autogradOnly);
        try {
            if (config.precision() != Precision.FP32) {
                trainer.setPrecision(config.precision());
            }
            return new NativeSession(model, data, trainer, plans, config.accumulate(), ownsModelAndData, validation,
                    validationPlan);
        } catch (RuntimeException | Error e) {
            trainer.close();
            throw e;
        }
    }

    /**
     * Plans (or assembles) the next batches, as many as the step accumulates, in the sampler's order,
     * and queues one step on them; the rate is applied as given (libtorch keeps a double).
     */
    @Override
    public double step(double lr) {
        if (host != null) {
            host.next();
            trainer.queueHost(data, host.batch(), lr, host.features(), host.targets());
        } else {
            plan.next();
            trainer.queue(data, plan.batch(), lr, plan.indices(), plan.flips(), plan.noiseOffsets());
        }
        queued++;
        return lr;
    }

    /** One downcall, before the step it applies to; range tests never make it. */
    @Override
    public void setMomentum(double momentum) {
        trainer.setMomentum(momentum);
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

    /** One downcall: the shim runs every validation batch in eval mode without gradient and reads the mean. */
    @Override
    public double validationLoss() {
        if (validation == null) {
            throw new IllegalStateException("this session has no validation data");
        }
        return trainer.evaluate(validation, validationRows.byteSize() / Long.BYTES, validationRows, validationBatchSize,
                validationLoss);
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
    @SuppressWarnings("try") // the resources are there to be closed
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
                try (NativeModel m = model; NativeData d = data; NativeData v = validation) {
                    // closed in reverse order, each even when another fails
                }
            }
        }
    }

    /** The batches of one step, assembled and augmented in Java by the sampler, in native memory the shim steps on. */
    private static final class HostBatch {
        private final BatchSampler sampler;
        private final int accumulate;
        private final float[] featureArray;
        private final float[] targetArray;
        private final MemorySegment features;
        private final MemorySegment targets;

        HostBatch(BatchSampler sampler, int accumulate, Arena arena) {
            this.sampler = sampler;
            this.accumulate = accumulate;
            this.featureArray = new float[sampler.featureFloats()];
            this.targetArray = new float[sampler.targetFloats()];
            this.features = arena.allocate(JAVA_FLOAT, (long) featureArray.length * accumulate);
            this.targets = arena.allocate(JAVA_FLOAT, (long) targetArray.length * accumulate);
        }

        void next() {
            for (int k = 0; k < accumulate; k++) {
                sampler.next(featureArray, targetArray);
                MemorySegment.copy(featureArray, 0, features, JAVA_FLOAT, (long) k * featureArray.length * Float.BYTES,
                        featureArray.length);
                MemorySegment.copy(targetArray, 0, targets, JAVA_FLOAT, (long) k * targetArray.length * Float.BYTES,
                        targetArray.length);
            }
        }

        /** Rows of one micro-batch. */
        int batch() {
            return targetArray.length;
        }

        MemorySegment features() {
            return features;
        }

        MemorySegment targets() {
            return targets;
        }
    }
}
