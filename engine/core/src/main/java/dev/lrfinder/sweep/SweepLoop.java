package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The range-test loop, once for every backend: it steps a {@link SweepSession} through the
 * schedule and owns everything around the steps.
 *
 * <ul>
 *   <li>The rate of step {@code i} is {@code lrs[i]}; the curve records the rate the session says
 *       it applied.
 *   <li>Losses are read in blocks of {@link SweepConfig#lossReadInterval()} steps (one host read
 *       each) and go through {@link SweepConfig#divergence()}'s monitor in order; at a stop the
 *       steps already run past it (at most {@code interval - 1}) are dropped, so the curve does not
 *       depend on the block size.
 *   <li>An interrupt is seen before every step: the losses of the steps run are read and checked,
 *       the curve ends {@link StopReason#INTERRUPTED} (unless one of those steps stopped it first)
 *       and the interrupt stays set for the caller.
 *   <li>In validation-loss mode ({@link SweepConfig#validationLoss()}) the session evaluates the
 *       validation data after every step; the divergence rule reads the curve the config names
 *       ({@link SweepConfig#curve()}), so a stop on the validation curve comes at once.
 *   <li>The listener hears every block as it is read.
 *   <li>Each step's wall time (the block's read included in the step that triggers it) goes into
 *       {@link RunInfo#stepMillis()}.
 *   <li>The model is snapshotted before the first step and restored after the last, also when a
 *       step throws.
 *   <li>{@link #fit} scores the model on the validation data once, after the last step and before
 *       the restore, instead of after every step.
 * </ul>
 */
public final class SweepLoop {
    private final SweepConfig config;
    private final double[] lrs;
    private final SweepListener listener;
    private final String task;

    private SweepLoop(Builder b) {
        this.config = b.config;
        this.lrs = b.lrs != null ? b.lrs : b.config.lrGrid();
        this.listener = b.listener;
        this.task = b.task;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sweeps {@code session} and puts its model back; the session stays open for the caller to close. */
    public SweepResult run(SweepSession session) {
        return restoring(session, () -> sweep(session, session.info(), false));
    }

    /**
     * Trains {@code session} through the rates, then evaluates its validation data once (when the
     * divergence rule did not stop the fit), then puts the model back: a short fit scored on held-out
     * data. The session must have been opened with validation data ({@link SweepConfig#validationLoss()}).
     */
    public FitResult fit(SweepSession session) {
        return restoring(session, () -> {
            SweepResult result = sweep(session, session.info(), true);
            boolean ranAll = result.curve().size() == lrs.length && result.curve().stopReason() == StopReason.COMPLETED;
            double loss = ranAll ? session.validationLoss() : Double.POSITIVE_INFINITY;
            return new FitResult(result, Double.isFinite(loss) ? loss : Double.POSITIVE_INFINITY);
        });
    }

    private static <T> T restoring(SweepSession session, Supplier<T> work) {
        try (SweepSession.Snapshot snapshot = session.snapshot()) {
            T result;
            try {
                result = work.get();
            } catch (RuntimeException | Error failure) {
                try {
                    snapshot.restore();
                } catch (RuntimeException | Error restoreFailure) {
                    failure.addSuppressed(restoreFailure); // the step's failure is what the caller must see
                }
                throw failure;
            }
            snapshot.restore();
            return result;
        }
    }

    private SweepResult sweep(SweepSession session, BackendInfo backend, boolean scoreAtEnd) {
        int planned = lrs.length;
        double[] applied = new double[planned];
        double[] losses = new double[planned];
        long[] stepNanos = new long[planned];
        boolean validating = config.validationLoss() && !scoreAtEnd;
        boolean onValidation = validating && config.curve() == SweepCurve.VALIDATION;
        double[] validation = new double[validating ? planned : 0];
        DivergenceRule.Monitor monitor = config.divergence().newMonitor();
        Reader reader = new Reader(session, onValidation ? null : monitor, losses, config.lossReadInterval());
        StopReason stop = null;
        int executed = 0;
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        while (stop == null && executed < planned) {
            if (Thread.currentThread().isInterrupted()) {
                stop = reader.read(executed);
                if (stop == null) {
                    stop = StopReason.INTERRUPTED;
                }
                break;
            }
            long stepStart = System.nanoTime();
            int step = executed++;
            applied[step] = session.step(lrs[step]);
            if (validating) {
                validation[step] = session.validationLoss();
                if (onValidation) {
                    stop = monitor.observe(validation[step]);
                }
            }
            if (stop != null || executed - reader.readSteps() == config.lossReadInterval() || executed == planned) {
                StopReason trainStop = reader.read(executed);
                stop = stop != null ? stop : trainStop;
                listener.onLosses(reader.recorded(), planned, losses[reader.recorded() - 1]);
            }
            stepNanos[step] = System.nanoTime() - stepStart;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        StopReason reason = stop != null ? stop : StopReason.COMPLETED;
        int recorded = reader.recorded();
        LossCurve curve = new LossCurve(Arrays.copyOf(applied, recorded), Arrays.copyOf(losses, recorded), reason, planned,
                Arrays.copyOf(validation, validating ? recorded : 0));
        RunInfo info = new RunInfo(
                backend.backend(),
                backend.engine(),
                backend.engineVersion(),
                backend.bindingVersion(),
                backend.device(),
                config.threads(),
                config.seed(),
                task,
                startedAt,
                seconds,
                executed / seconds,
                StepTimes.ofNanos(stepNanos, executed),
                reason);
        return new SweepResult(config, curve, info);
    }

    /**
     * Reads blocks of losses into the curve and applies the divergence rule to them, in order (no
     * rule, a null monitor, when it reads the validation curve instead).
     */
    private static final class Reader {
        private final SweepSession session;
        private final DivergenceRule.Monitor monitor;
        private final double[] losses;
        private final double[] block;
        private int readSteps;
        private int recorded;

        Reader(SweepSession session, DivergenceRule.Monitor monitor, double[] losses, int interval) {
            this.session = session;
            this.monitor = monitor;
            this.losses = losses;
            this.block = new double[interval];
        }

        /** Reads the losses of the steps up to {@code executed}; why the curve stops there, or null. */
        StopReason read(int executed) {
            int expected = executed - readSteps;
            if (expected == 0) {
                return null;
            }
            int count = session.readLosses(block, 0);
            if (count != expected) {
                throw new IllegalStateException(
                        "the session read " + count + " losses for " + expected + " steps run since the last read");
            }
            readSteps = executed;
            for (int i = 0; i < count; i++) {
                losses[recorded++] = block[i];
                StopReason verdict = monitor == null ? null : monitor.observe(block[i]);
                if (verdict != null) {
                    return verdict; // steps already run past this one are dropped
                }
            }
            return null;
        }

        int readSteps() {
            return readSteps;
        }

        int recorded() {
            return recorded;
        }
    }

    /** Collects the sweep's settings; {@link #build()} checks them. */
    public static final class Builder {
        private SweepConfig config;
        private double[] lrs;
        private SweepListener listener = SweepListener.NONE;
        private String task = "user model";

        Builder() {}

        /** Read interval, divergence rule, seed and threads for the record, and the schedule. Required. */
        public Builder setConfig(SweepConfig config) {
            this.config = config;
            return this;
        }

        /** The rate of every step, replacing the config's schedule (a fixed-rate fit). */
        public Builder optLrs(double[] lrs) {
            this.lrs = lrs.clone();
            return this;
        }

        /** Told as losses reach the host, every {@code lossReadInterval} steps (a progress bar). */
        public Builder optListener(SweepListener listener) {
            this.listener = listener;
            return this;
        }

        /** What is trained, in words, for the run record. */
        public Builder optTaskDescription(String task) {
            this.task = task;
            return this;
        }

        public SweepLoop build() {
            if (config == null) {
                throw Checks.invalid("config", null, "a SweepConfig");
            }
            if (lrs != null) {
                Checks.inRange("lrs.length", lrs.length, 1, SweepConfig.MAX_STEPS);
                for (int i = 0; i < lrs.length; i++) {
                    Checks.nonNegative("lrs[" + i + "]", lrs[i]);
                }
            }
            if (listener == null) {
                throw Checks.invalid("listener", null, "a SweepListener (SweepListener.NONE for none)");
            }
            if (task == null) {
                throw Checks.invalid("task", null, "a description");
            }
            return new SweepLoop(this);
        }
    }
}
