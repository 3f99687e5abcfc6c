package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.ScriptModel;
import dev.lrfinder.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs range-test sweeps of the built-in models on one tensor runtime, on a built-in task or the
 * user's data ({@link SweepData}). A backend only opens sessions ({@link #open}); range tests and
 * fits run through the one {@link SweepLoop}. Implementations load their native library lazily, on
 * the first session: only one libtorch may live in a JVM, so merely naming a backend must not load
 * one. Sessions are independent: several may run at once on one data set, which none of them copies
 * or changes.
 */
public interface SweepBackend {

    /** {@code djl} or {@code native}. */
    String id();

    /**
     * {@code model} built for {@code data}'s sample shape and outputs and initialised from {@code
     * config.seed()}, with {@code config}'s optimizer, batch size, accumulation, threads and loss
     * ({@link LossSpec#resolvedFor}: by default cross-entropy for classes, mean squared error for
     * regression; the model's outputs are the loss's {@link LossSpec#outputs}), ready to step:
     * batches are {@code data.train()}'s, drawn by {@link dev.lrfinder.task.BatchSampler} in the
     * order that seed gives; in validation-loss mode the session evaluates {@code data.validation()}.
     * The session owns the model and frees it on close; the data stay the caller's.
     *
     * @throws IllegalArgumentException when the model does not fit the data (naming both shapes), or
     *     the config does not ({@link SweepData#check})
     */
    SweepSession open(SweepData data, ModelSpec model, SweepConfig config);

    /**
     * The user's TorchScript model, loaded afresh from its file for this session, as {@link
     * #open(SweepData, ModelSpec, SweepConfig)} says otherwise: its weights as saved (the seed
     * draws only the batch order), only its parameters with {@code requires_grad} trained, the
     * loss of the data's kind. Check the model against the data first with {@link #check}.
     *
     * @throws IllegalArgumentException naming the file, in one line, when it cannot be loaded (not
     *     TorchScript, saved for CUDA) or has nothing to train; and on backends without TorchScript
     */
    default SweepSession open(SweepData data, ScriptModel model, SweepConfig config) {
        throw noTorchScript(model);
    }

    /**
     * Loads {@code model} once, runs it on a batch of {@link ScriptModel#PROBE_BATCH} samples of
     * {@code data}'s shape and checks its output against what {@code loss} needs on the data: what bad input a sweep of
     * it would meet, found before any sweep, each as one line naming the file (and both shapes).
     * Loads this backend's libtorch.
     *
     * @return the model in words with its trainable parameter count, for the summary and report
     */
    default String check(SweepData data, ScriptModel model, LossSpec loss) {
        throw noTorchScript(model);
    }

    /** {@link #check(SweepData, ScriptModel, LossSpec)} for the loss the data train on by default. */
    default String check(SweepData data, ScriptModel model) {
        return check(data, model, LossSpec.BY_DATA);
    }

    /** A range test of the user's TorchScript model on {@code data} (see {@link #open(SweepData, ScriptModel, SweepConfig)}). */
    default SweepResult run(SweepData data, ScriptModel model, SweepConfig config, SweepListener listener) {
        SweepLoop loop = SweepLoop.builder().setConfig(config).optListener(listener)
                .optTaskDescription(data.train().describe() + ", " + model.describe()).build();
        try (SweepSession session = open(data, model, config)) {
            return loop.run(session);
        }
    }

    private IllegalArgumentException noTorchScript(ScriptModel model) {
        return Checks.invalid("model", model.file(), "a built-in model on the " + id() + " backend (it runs no TorchScript)");
    }

    /** A session on a built-in task's data (see {@link #open(SweepData, ModelSpec, SweepConfig)}). */
    default SweepSession open(TaskSpec task, ModelSpec model, SweepConfig config) {
        model.checkFits(task);
        return open(SweepData.of(task.trainingData()), model, config);
    }

    /**
     * Trains {@code model} on {@code task} with a learning rate rising per {@code config}, then puts
     * the model back as it was.
     */
    default SweepResult run(TaskSpec task, ModelSpec model, SweepConfig config) {
        return run(task, model, config, SweepListener.NONE);
    }

    /** {@link #run(TaskSpec, ModelSpec, SweepConfig)}, telling {@code listener} as losses arrive. */
    default SweepResult run(TaskSpec task, ModelSpec model, SweepConfig config, SweepListener listener) {
        model.checkFits(task);
        return run(SweepData.of(task.trainingData()), model, config, listener);
    }

    /** A range test on {@code data}, telling {@code listener} as losses arrive; the model is put back afterwards. */
    default SweepResult run(SweepData data, ModelSpec model, SweepConfig config, SweepListener listener) {
        return sweep(data, model, config, SweepLoop.builder().optListener(listener));
    }

    /**
     * Trains at one fixed learning rate for {@code config.steps()} steps from the same start a range
     * test with this seed would use (the same weights and batches), then restores the model: how a
     * suggested rate is checked. The config's {@code lrMin} and {@code lrMax} are ignored; its
     * divergence rule still ends a blow-up early.
     */
    default SweepResult fit(TaskSpec task, ModelSpec model, SweepConfig config, double lr) {
        model.checkFits(task);
        return fit(SweepData.of(task.trainingData()), model, config, lr);
    }

    /** {@link #fit(TaskSpec, ModelSpec, SweepConfig, double)} on {@code data}. */
    default SweepResult fit(SweepData data, ModelSpec model, SweepConfig config, double lr) {
        return sweep(data, model, config, SweepLoop.builder().optLrs(config.fixedLrGrid(lr)));
    }

    /**
     * Why {@code model} cannot run as batched replicas ({@link ReplicaGroup}) on {@code data} with
     * {@code config} here, or empty when it can. This default: the backend has none.
     */
    default Optional<String> replicasRefused(SweepData data, ModelSpec model, SweepConfig config) {
        return Optional.of("the " + id() + " backend has no batched replicas");
    }

    /**
     * One replica of {@code model} per config, trained as one batched model: replica {@code i} is
     * what {@link #open} gives for {@code configs.get(i)} (its seed's weights and batches). The
     * configs differ only in their seeds.
     *
     * @throws IllegalArgumentException as {@link #open} does, or with {@link #replicasRefused}'s reason
     */
    default ReplicaGroup openReplicas(SweepData data, ModelSpec model, List<SweepConfig> configs) {
        throw Checks.invalid("replicas", configs.size(),
                "1: " + replicasRefused(data, model, configs.getFirst()).orElse("not implemented"));
    }

    /**
     * A range test per config, as {@link #run(SweepData, ModelSpec, SweepConfig, SweepListener)}
     * gives each, run in lock-step as batched replicas ({@link SweepLoop#runInLockstep}); listener
     * {@code i} hears run {@code i}.
     */
    default List<SweepResult> runReplicas(SweepData data, ModelSpec model, List<SweepConfig> configs,
            List<SweepListener> listeners) {
        if (listeners.size() != configs.size()) {
            throw Checks.invalid("listeners", listeners.size(), "one per config (" + configs.size() + ")");
        }
        return lockstep(data, model, configs, (i, c) -> SweepLoop.builder().setConfig(c).optListener(listeners.get(i)));
    }

    /**
     * Fixed-rate fits ({@link #fit(SweepData, ModelSpec, SweepConfig, double)}), fit {@code i} at
     * {@code lrs[i]} with {@code configs.get(i)}, run in lock-step as batched replicas: how several
     * candidate rates are checked at the cost of one. With one config repeated, every fit starts
     * from the same weights and batches.
     */
    default List<SweepResult> fitReplicas(SweepData data, ModelSpec model, List<SweepConfig> configs, double[] lrs) {
        if (lrs.length != configs.size()) {
            throw Checks.invalid("lrs.length", lrs.length, "one rate per config (" + configs.size() + ")");
        }
        return lockstep(data, model, configs, (i, c) -> SweepLoop.builder().setConfig(c).optLrs(c.fixedLrGrid(lrs[i])));
    }

    /** Replica {@code i} swept by {@code loop.apply(i, its config with the data's loss resolved)}, all in one batched group. */
    private List<SweepResult> lockstep(SweepData data, ModelSpec model, List<SweepConfig> configs,
            BiFunction<Integer, SweepConfig, SweepLoop.Builder> loop) {
        List<SweepConfig> resolved = configs.stream().map(c -> c.withLossFor(data.train())).toList();
        String task = data.train().describe() + ", " + model.describe();
        List<SweepLoop> built = new ArrayList<>(resolved.size());
        for (int i = 0; i < resolved.size(); i++) {
            built.add(loop.apply(i, resolved.get(i)).optTaskDescription(task).build());
        }
        try (ReplicaGroup group = openReplicas(data, model, resolved)) {
            return SweepLoop.runInLockstep(built, group);
        }
    }

    /**
     * A short fit of {@code config.steps()} steps under {@code schedule} with {@code lr} as its rate
     * (constant, OneCycle's max_lr, cosine's start) and {@code config.scheduleOptions()} as its knobs,
     * torch's scheduler exactly (OneCycle also cycles the momentum or beta1, {@link
     * TrainingSchedule#momenta}, after opening the optimizer as {@link TrainingSchedule#optimizerFor}
     * says), from the start a range test with this seed
     * would use (the same initial weights and batch order), scored on {@code data}'s validation data
     * (all of it, or {@code config.validationBatches()} batches) after the last step; the model is
     * then restored. The config's {@code lrMin}, {@code lrMax} and validation-loss mode are ignored;
     * its divergence rule ends a blow-up early, which scores +infinity.
     *
     * @throws IllegalArgumentException when {@code data} have no validation data
     */
    default FitResult fit(SweepData data, ModelSpec model, SweepConfig config, TrainingSchedule schedule, double lr) {
        return scoredFit(data, model.describe(), c -> open(data, model, c), config, schedule, lr);
    }

    /**
     * {@link #fit(SweepData, ModelSpec, SweepConfig, TrainingSchedule, double)} of the user's
     * TorchScript model, loaded afresh from its file for this fit: every fit starts from its
     * weights as saved, and the file is only read.
     */
    default FitResult fit(SweepData data, ScriptModel model, SweepConfig config, TrainingSchedule schedule, double lr) {
        return scoredFit(data, model.describe(), c -> open(data, model, c), config, schedule, lr);
    }

    /** A fit in a session {@code open} gives for the scored config: one frame for every kind of model. */
    private FitResult scoredFit(SweepData data, String model, Function<SweepConfig, SweepSession> open,
            SweepConfig config, TrainingSchedule schedule, double lr) {
        ScheduleOptions knobs = config.scheduleOptions();
        SweepConfig scored = config.withLossFor(data.train()).toBuilder().optValidationLoss(true).optCurve(SweepCurve.TRAIN)
                .optOptimizer(schedule.optimizerFor(config.optimizer(), knobs)).build();
        SweepLoop loop = SweepLoop.builder().setConfig(scored).optLrs(schedule.rates(lr, config.steps(), knobs))
                .optMomenta(schedule.momenta(config.steps(), knobs))
                .optTaskDescription(data.train().describe() + ", " + model).build();
        try (SweepSession session = open.apply(scored)) {
            return loop.fit(session);
        }
    }

    /** The loss resolved first, so that the result's config names the one trained on. */
    private SweepResult sweep(SweepData data, ModelSpec model, SweepConfig config, SweepLoop.Builder loop) {
        SweepConfig resolved = config.withLossFor(data.train());
        SweepLoop built = loop.setConfig(resolved)
                .optTaskDescription(data.train().describe() + ", " + model.describe())
                .build();
        try (SweepSession session = open(data, model, resolved)) {
            return built.run(session);
        }
    }
}
