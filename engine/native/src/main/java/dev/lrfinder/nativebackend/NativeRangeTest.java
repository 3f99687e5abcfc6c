package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.LossCurve;
import dev.lrfinder.sweep.RunInfo;
import dev.lrfinder.sweep.StepTimes;
import dev.lrfinder.sweep.StopReason;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepListener;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.BatchSampler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.Arrays;

/**
 * A learning-rate range test run inside libtorch: the library entry point for a TorchScript model
 * handed over from Python, and the sweep loop of the {@code native} backend.
 *
 * <pre>{@code
 * try (Arena arena = Arena.ofConfined();
 *         NativeModel model = NativeModel.load(Path.of("model.pt"), "cpu");
 *         NativeData data = NativeData.of(features, targets, new long[] {784}, "cpu")) {
 *     SweepResult result = NativeRangeTest.builder()
 *             .setModel(model)
 *             .setData(data)
 *             .setLoss("cross_entropy")
 *             .optConfig(SweepConfig.builder().optLrMax(1).build())
 *             .build()
 *             .run();
 * }
 * }</pre>
 *
 * <p>The whole schedule runs in native code, in blocks of up to {@value #MAX_BLOCK_STEPS} steps
 * per call: the shim sets the rate, assembles the batch on the device, steps, keeps the losses on
 * the device until it reads them every {@code lossReadInterval} steps, and applies the divergence
 * rule itself. Java only draws the batch plan and checks for an interrupt between blocks. Promises
 * as {@code DjlRangeTest}'s: the rate applied is the schedule's (a double, as
 * libtorch keeps it), divergence and NaN end the curve with a {@link StopReason}, and the model
 * (parameters and buffers) is restored bit for bit afterwards, also when the sweep throws.
 */
public final class NativeRangeTest {
    /** Steps per native call at most: an interrupt is seen within this many steps. */
    static final int MAX_BLOCK_STEPS = 256;
    /** Rows of batch plan per native call at most, so that large batches take smaller blocks. */
    private static final int MAX_BLOCK_ROWS = 1 << 16;

    private final NativeModel model;
    private final NativeData data;
    private final String loss;
    private final SweepConfig config;
    private final String task;
    private final double[] lrGrid;
    private final BatchSampler sampler;
    private final boolean autogradOnly;
    private final SweepListener listener;

    private NativeRangeTest(Builder b) {
        this.autogradOnly = b.autogradOnly;
        this.listener = b.listener;
        this.model = b.model;
        this.data = b.data;
        this.loss = b.loss;
        this.config = b.config;
        this.task = b.task;
        this.lrGrid = b.lrGrid != null ? b.lrGrid : b.config.lrGrid();
        this.sampler = b.sampler != null
                ? b.sampler
                : BatchSampler.forPlans((int) b.data.samples(), b.config.batchSize(), 0, false, b.config.seed());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the sweep and restores the model. */
    public SweepResult run() {
        NativeShim shim = model.shim();
        shim.call(shim.setThreads, config.threads());
        try (NativeTrainer trainer = NativeTrainer.create(model, config.optimizer(), loss, config.divergence(),
                        config.lossReadInterval(), lrGrid.length, config.seed(), autogradOnly);
                NativeSnapshot snapshot = trainer.snapshot()) {
            try {
                return sweep(trainer);
            } finally {
                snapshot.restore();
            }
        }
    }

    private SweepResult sweep(NativeTrainer trainer) {
        int batch = config.batchSize();
        int block = Math.max(1, Math.min(MAX_BLOCK_STEPS, MAX_BLOCK_ROWS / batch));
        long[] indices = new long[block * batch];
        byte[] flips = new byte[block * batch];
        int[] noiseOffsets = new int[block * batch];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lrs = arena.allocateFrom(JAVA_DOUBLE, lrGrid);
            MemorySegment losses = arena.allocate(JAVA_DOUBLE, lrGrid.length);
            MemorySegment stepNanos = arena.allocate(JAVA_LONG, lrGrid.length);
            MemorySegment status = arena.allocate(JAVA_LONG, 4);
            MemorySegment indexPlan = arena.allocate(JAVA_LONG, indices.length);
            MemorySegment flipPlan = arena.allocate(JAVA_BYTE, flips.length);
            MemorySegment noisePlan = arena.allocate(JAVA_INT, noiseOffsets.length);

            StopReason stop = null;
            int next = 0;
            Instant startedAt = Instant.now();
            long start = System.nanoTime();
            while (stop == null && next < lrGrid.length) {
                if (Thread.currentThread().isInterrupted()) {
                    trainer.flush(losses, status);
                    stop = StopReason.INTERRUPTED;
                    break;
                }
                int count = Math.min(block, lrGrid.length - next);
                for (int s = 0; s < count; s++) {
                    sampler.nextPlan(indices, flips, noiseOffsets, s * batch);
                }
                int rows = count * batch;
                MemorySegment.copy(indices, 0, indexPlan, JAVA_LONG, 0, rows);
                MemorySegment.copy(flips, 0, flipPlan, JAVA_BYTE, 0, rows);
                MemorySegment.copy(noiseOffsets, 0, noisePlan, JAVA_INT, 0, rows);
                trainer.run(data, batch, count, lrs, indexPlan, flipPlan, noisePlan, losses, stepNanos, status);
                next = (int) status.getAtIndex(JAVA_LONG, 3);
                stop = NativeTrainer.stopReason((int) status.getAtIndex(JAVA_LONG, 2));
                int recordedSoFar = (int) status.getAtIndex(JAVA_LONG, 0);
                if (recordedSoFar > 0) {
                    listener.onLosses(recordedSoFar, lrGrid.length, losses.getAtIndex(JAVA_DOUBLE, recordedSoFar - 1));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int recorded = (int) status.getAtIndex(JAVA_LONG, 0);
            long executed = status.getAtIndex(JAVA_LONG, 1);
            StopReason reason = stop != null ? stop : StopReason.COMPLETED;
            LossCurve curve = new LossCurve(Arrays.copyOf(lrGrid, recorded),
                    losses.asSlice(0, (long) recorded * Double.BYTES).toArray(JAVA_DOUBLE), reason, lrGrid.length);
            RunInfo info = new RunInfo(
                    "native",
                    "PyTorch",
                    NativeShim.string(model.shim().torchVersion),
                    "lrfinder shim " + NativeShim.string(model.shim().version),
                    model.device(),
                    config.threads(),
                    config.seed(),
                    task,
                    startedAt,
                    seconds,
                    executed / seconds,
                    StepTimes.ofNanos(stepNanos.asSlice(0, executed * Long.BYTES).toArray(JAVA_LONG), (int) executed),
                    reason);
            return new SweepResult(config, curve, info);
        }
    }

    /** Collects the parts of a range test; {@link #build()} checks them. */
    public static final class Builder {
        private NativeModel model;
        private NativeData data;
        private String loss;
        private SweepConfig config = SweepConfig.defaults();
        private String task;
        private double[] lrGrid;
        private BatchSampler sampler;
        private boolean autogradOnly;
        private SweepListener listener = SweepListener.NONE;

        Builder() {}

        /** The model to sweep; restored bit for bit afterwards. Required. */
        public Builder setModel(NativeModel model) {
            this.model = model;
            return this;
        }

        /** The training data, on the model's device, sampled epoch after epoch. Required. */
        public Builder setData(NativeData data) {
            this.data = data;
            return this;
        }

        /** The loss by name: cross_entropy, mse, l1, smooth_l1 or bce_with_logits. Required. */
        public Builder setLoss(String loss) {
            this.loss = loss;
            return this;
        }

        /** Range, schedule, seed (batch order, dropout), divergence rule, optimizer, threads. */
        /** Told after every native block, as losses reach Java (a progress bar). */
        public Builder optListener(SweepListener listener) {
            this.listener = listener;
            return this;
        }

        public Builder optConfig(SweepConfig config) {
            this.config = config;
            return this;
        }

        /** A short description of the model and data, for the run record. */
        public Builder optTaskDescription(String task) {
            this.task = task;
            return this;
        }

        /** Replaces the config's schedule with these rates, one per step (a fixed-rate fit). */
        Builder optLrGrid(double[] lrGrid) {
            this.lrGrid = lrGrid.clone();
            return this;
        }

        /** Always autograd and torch.optim, never the fused SGD path (for tests). */
        Builder optAutogradOnly(boolean autogradOnly) {
            this.autogradOnly = autogradOnly;
            return this;
        }

        /** The sampler whose noise table the data was made with (built-in tasks). */
        Builder setSampler(BatchSampler sampler) {
            this.sampler = sampler;
            return this;
        }

        public NativeRangeTest build() {
            if (model == null) {
                throw Checks.invalid("model", null, "set with setModel");
            }
            if (data == null) {
                throw Checks.invalid("data", null, "set with setData");
            }
            if (loss == null) {
                throw Checks.invalid("loss", null, "set with setLoss");
            }
            if (config == null) {
                throw Checks.invalid("config", null, "a SweepConfig");
            }
            if (!model.device().equals(data.device())) {
                throw Checks.invalid("data.device", data.device(), "the model's device, " + model.device());
            }
            if (task == null) {
                task = model.description();
            }
            return new NativeRangeTest(this);
        }
    }
}
