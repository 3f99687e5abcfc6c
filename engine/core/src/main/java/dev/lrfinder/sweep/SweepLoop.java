package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The range-test loop, once for every backend: it steps a {@link SweepSession} through the
 * schedule and owns everything around the steps.
 *
 * <ul>
 *   <li>The rate of step {@code i} is {@code lrs[i]}; the curve records the rate the session says
 *       it applied. With {@link Builder#optMomenta} the session's momentum is set to {@code
 *       momenta[i]} before step {@code i} too (a OneCycle fit); a range test leaves it alone.
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
    private final double[] momenta;
    private final SweepListener listener;
    private final String task;

    private SweepLoop(Builder b) {
        this.config = b.config;
        this.lrs = b.lrs != null ? b.lrs : b.config.lrGrid();
        this.momenta = b.momenta;
        this.listener = b.listener;
        this.task = b.task;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sweeps {@code session} and puts its model back; the session stays open for the caller to close. */
    public SweepResult run(SweepSession session) {
        return restoring(session, () -> sweep(session, false));
    }

    /**
     * Trains {@code session} through the rates, then evaluates its validation data once (when the
     * divergence rule did not stop the fit), then puts the model back: a short fit scored on held-out
     * data. The session must have been opened with validation data ({@link SweepConfig#validationLoss()}).
     */
    public FitResult fit(SweepSession session) {
        return restoring(session, () -> {
            SweepResult result = sweep(session, true);
            boolean ranAll = result.curve().size() == lrs.length && result.curve().stopReason() == StopReason.COMPLETED;
            double loss = ranAll ? session.validationLoss() : Double.POSITIVE_INFINITY;
            return new FitResult(result, Double.isFinite(loss) ? loss : Double.POSITIVE_INFINITY);
        });
    }

    private SweepResult sweep(SweepSession session, boolean scoreAtEnd) {
        Sweep sweep = new Sweep(session, scoreAtEnd);
        while (sweep.begin()) {
            sweep.end();
        }
        return sweep.result();
    }

    private static <T> T restoring(SweepSession session, Supplier<T> work) {
        try (SweepSession.Snapshot snapshot = session.snapshot()) {
            T result;
            try {
                result = work.get();
            } catch (RuntimeException | Error failure) {
                restoreAfter(failure, snapshot);
                throw failure;
            }
            snapshot.restore();
            return result;
        }
    }

    /**
     * Sweeps every replica of {@code group} in lock-step, replica {@code i} by {@code loops.get(i)}
     * (its own config, schedule, listener): each round stages the next step of every replica still
     * running, runs them as one batched {@link ReplicaGroup#step()}, then reads and checks each
     * one's losses exactly as {@link #run} does. A replica that stops (diverged, non-finite,
     * interrupted, done) is restored at once and staged no more; the others go on. Every replica's
     * model is put back at the end, also when a step throws.
     *
     * @return one result per replica, in order, each what {@link #run} would give for it
     */
    public static List<SweepResult> runInLockstep(List<SweepLoop> loops, ReplicaGroup group) {
        List<SweepSession> sessions = group.replicas();
        if (loops.size() != sessions.size()) {
            throw Checks.invalid("loops", loops.size(), "one per replica (" + sessions.size() + ")");
        }
        int count = sessions.size();
        List<SweepSession.Snapshot> snapshots = new ArrayList<>(count);
        try {
            for (SweepSession session : sessions) {
                snapshots.add(session.snapshot());
            }
            Sweep[] sweeps = new Sweep[count];
            for (int i = 0; i < count; i++) {
                sweeps[i] = loops.get(i).new Sweep(sessions.get(i), false);
            }
            SweepResult[] results = new SweepResult[count];
            boolean[] staged = new boolean[count];
            try {
                for (int left = count; left > 0; ) {
                    boolean any = false;
                    for (int i = 0; i < count; i++) {
                        staged[i] = results[i] == null && sweeps[i].begin();
                        any |= staged[i];
                        if (results[i] == null && !staged[i]) {
                            results[i] = sweeps[i].result();
                            snapshots.get(i).restore();
                            left--;
                        }
                    }
                    if (!any) {
                        continue;
                    }
                    group.step();
                    for (int i = 0; i < count; i++) {
                        if (staged[i]) {
                            sweeps[i].end();
                        }
                    }
                }
            } catch (RuntimeException | Error failure) {
                for (int i = 0; i < count; i++) {
                    if (results[i] == null) {
                        restoreAfter(failure, snapshots.get(i));
                    }
                }
                throw failure;
            }
            return List.of(results);
        } finally {
            for (SweepSession.Snapshot snapshot : snapshots) {
                snapshot.close();
            }
        }
    }

    /** Puts a model back after {@code failure}, which stays what the caller sees. */
    private static void restoreAfter(Throwable failure, SweepSession.Snapshot snapshot) {
        try {
            snapshot.restore();
        } catch (RuntimeException | Error restoreFailure) {
            failure.addSuppressed(restoreFailure);
        }
    }

    /** One sweep in progress: {@link #begin()} starts a step, {@link #end()} finishes it. */
    private final class Sweep {
        private final SweepSession session;
        private final BackendInfo backend;
        private final int planned = lrs.length;
        private final double[] applied = new double[planned];
        private final double[] losses = new double[planned];
        private final long[] stepNanos = new long[planned];
        private final boolean validating;
        private final boolean onValidation;
        private final double[] validation;
        private final DivergenceRule.Monitor monitor = config.divergence().newMonitor();
        private final Reader reader;
        private final Instant startedAt = Instant.now();
        private final long start = System.nanoTime();
        private StopReason stop;
        private int executed;
        private long stepStart;

        /** With {@code scoreAtEnd} (a fit) the validation data are left to the caller, read once after the last step. */
        Sweep(SweepSession session, boolean scoreAtEnd) {
            this.session = session;
            this.backend = session.info();
            this.validating = config.validationLoss() && !scoreAtEnd;
            this.onValidation = validating && config.curve() == SweepCurve.VALIDATION;
            this.validation = new double[validating ? planned : 0];
            this.reader = new Reader(session, onValidation ? null : monitor, losses, config.lossReadInterval());
        }

        /** Starts the next step (the session's step call); false when the sweep has ended instead. */
        boolean begin() {
            if (stop != null || executed >= planned) {
                return false;
            }
            if (Thread.currentThread().isInterrupted()) {
                stop = reader.read(executed);
                if (stop == null) {
                    stop = StopReason.INTERRUPTED;
                }
                return false;
            }
            stepStart = System.nanoTime();
            int step = executed++;
            if (momenta != null) {
                session.setMomentum(momenta[step]);
            }
            applied[step] = session.step(lrs[step]);
            return true;
        }

        /** Finishes the step begun: the validation loss, and a block of losses when one is due. */
        void end() {
            int step = executed - 1;
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

        SweepResult result() {
            double seconds = (System.nanoTime() - start) / 1e9;
            StopReason reason = stop != null ? stop : StopReason.COMPLETED;
            int recorded = reader.recorded();
            LossCurve curve = new LossCurve(Arrays.copyOf(applied, recorded), Arrays.copyOf(losses, recorded), reason,
                    planned, Arrays.copyOf(validation, validating ? recorded : 0));
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
        private double[] momenta;
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

        /** The momentum (beta1) of every step, set before it ({@link SweepSession#setMomentum}); one per rate. */
        public Builder optMomenta(double[] momenta) {
            this.momenta = momenta == null ? null : momenta.clone();
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
            if (momenta != null) {
                int rates = lrs != null ? lrs.length : config.steps();
                if (momenta.length != rates) {
                    throw Checks.invalid("momenta.length", momenta.length, "one per step (" + rates + ")");
                }
                for (int i = 0; i < momenta.length; i++) {
                    Checks.inHalfOpen("momenta[" + i + "]", momenta[i], 0, 1);
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
