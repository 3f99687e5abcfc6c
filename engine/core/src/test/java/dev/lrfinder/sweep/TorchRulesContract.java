package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TrainingData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every backend promises about the arithmetic of a step: its optimizers follow torch.optim's
 * update rules, its losses are PyTorch's, and gradient accumulation averages the batches' gradients
 * into one step. Checked on a linear model (a built-in MLP without hidden layers) against {@link
 * TorchReference}'s doubles, and accumulation on a model with a hidden layer against one batch of
 * all the rows. A backend's test class extends this and says how to read its model's state.
 */
public abstract class TorchRulesContract {
    private static final double[] LRS = {0.05, 0.1, 0.02, 0.08, 0.03};

    private final SweepBackend backend;

    protected TorchRulesContract(SweepBackend backend) {
        this.backend = backend;
    }

    /** Every byte of the session's model parameters, in the order the backend keeps them (float32, native order). */
    protected abstract byte[] modelState(SweepSession session);

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd, weight decay", OptimizerSpec.builder(OptimizerKind.SGD).optWeightDecay(0.01).build()),
                Arguments.of("sgd, momentum and dampening", OptimizerSpec.builder(OptimizerKind.SGD).optMomentum(0.9)
                        .optDampening(0.1).optWeightDecay(1e-3).build()),
                Arguments.of("nesterov", OptimizerSpec.builder(OptimizerKind.NESTEROV).optMomentum(0.8).build()),
                Arguments.of("adam, L2", OptimizerSpec.builder(OptimizerKind.ADAM).optBetas(0.8, 0.99).optEps(1e-6)
                        .optWeightDecay(0.01).build()),
                Arguments.of("adamw, torch's defaults", OptimizerSpec.of(OptimizerKind.ADAMW)),
                Arguments.of("rmsprop, torch's defaults", OptimizerSpec.of(OptimizerKind.RMSPROP)),
                Arguments.of("rmsprop, centered, momentum", OptimizerSpec.builder(OptimizerKind.RMSPROP).optAlpha(0.9)
                        .optCentered(true).optMomentum(0.5).optWeightDecay(1e-3).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    public void severalStepsFollowTorchOptimsRule(String name, OptimizerSpec spec) {
        TinyData data = TinyData.regression(16, 3, false, 7);
        SweepConfig config = SweepConfig.builder().optBatchSize(16).optOptimizer(spec).optSeed(3).build();
        checkAgainstReference(data, config, LossSpec.of(LossKind.MSE), spec);
    }

    static Stream<Arguments> oneCycle() {
        return Stream.of(
                Arguments.of("sgd (OneCycle turns momentum on)", OptimizerSpec.of(OptimizerKind.SGD)),
                Arguments.of("nesterov, weight decay", OptimizerSpec.builder(OptimizerKind.NESTEROV).optWeightDecay(1e-3)
                        .build()),
                Arguments.of("adam", OptimizerSpec.of(OptimizerKind.ADAM)),
                Arguments.of("adamw", OptimizerSpec.of(OptimizerKind.ADAMW)),
                Arguments.of("rmsprop", OptimizerSpec.of(OptimizerKind.RMSPROP)));
    }

    /**
     * Eight steps under torch's OneCycleLR with its defaults, the momentum (beta1) set before each
     * step as the scheduler sets it, follow {@link TorchReference} (which {@code ScheduleReferenceTest}
     * checks against torch's own trajectory); a fit that cycled only the rate would end elsewhere.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("oneCycle")
    public void oneCycleStepsFollowTorchsSchedulerAndOptimizer(String name, OptimizerSpec spec) {
        TinyData data = TinyData.regression(16, 3, false, 7);
        ScheduleOptions knobs = ScheduleOptions.defaults();
        OptimizerSpec opened = TrainingSchedule.ONE_CYCLE.optimizerFor(spec, knobs);
        SweepConfig config = SweepConfig.builder().optBatchSize(16).optOptimizer(opened).optSeed(3).build();
        double lr = spec.kind() == OptimizerKind.SGD ? 0.1 : 0.05;
        double[] rates = TrainingSchedule.ONE_CYCLE.rates(lr, 8, knobs);
        double[] momenta = TrainingSchedule.ONE_CYCLE.momenta(8, knobs);
        try (SweepSession session = backend.open(SweepData.of(data), ModelSpec.mlp(), config)) {
            double[] start = floats(modelState(session));
            TorchReference reference = new TorchReference(opened, LossSpec.of(LossKind.MSE), 3, 1, start);
            TorchReference rateOnly = new TorchReference(spec, LossSpec.of(LossKind.MSE), 3, 1, start);
            double[] expected = new double[rates.length];
            for (int i = 0; i < rates.length; i++) {
                session.setMomentum(momenta[i]);
                session.step(rates[i]);
                expected[i] = reference.step(rates[i], momenta[i], new float[][] {data.rows()}, new float[][] {data.labels()});
                rateOnly.step(rates[i], new float[][] {data.rows()}, new float[][] {data.labels()});
            }
            double[] losses = new double[rates.length];
            assertEquals(rates.length, session.readLosses(losses, 0));
            assertClose("loss", expected, losses);
            double[] params = floats(modelState(session));
            assertClose("parameter", reference.params(), params);
            assertTrue(distance(rateOnly.params(), params) > 1e-3,
                    "cycling only the rate ends as close (" + distance(rateOnly.params(), params) + "): the test cannot tell");
        }
    }

    /**
     * {@link SweepBackend#fit(SweepData, ModelSpec, SweepConfig, TrainingSchedule, double)} under
     * OneCycle with plain SGD trains as torch's OneCycleLR over torch.optim.SGD(momentum=0) does
     * (momentum on, cycled), with the knobs the config carries, scored on the validation rows.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("oneCycle")
    public void aOneCycleFitIsScoredAfterTorchsTrajectory(String name, OptimizerSpec spec) {
        TinyData train = TinyData.regression(16, 3, false, 7);
        TinyData validation = TinyData.regression(16, 3, false, 8);
        ScheduleOptions knobs = ScheduleOptions.builder().optPctStart(0.25).optDivFactor(10).optBaseMomentum(0.8)
                .optMaxMomentum(0.9).build();
        SweepConfig config = SweepConfig.builder().optBatchSize(16).optOptimizer(spec).optSeed(3).optSteps(6)
                .optScheduleOptions(knobs).build();
        double[] start;
        try (SweepSession session = backend.open(SweepData.of(train), ModelSpec.mlp(), config)) {
            start = floats(modelState(session));
        }
        double lr = spec.kind() == OptimizerKind.SGD ? 0.1 : 0.05;
        FitResult fit = backend.fit(SweepData.of(train, validation), ModelSpec.mlp(), config, TrainingSchedule.ONE_CYCLE, lr);
        TorchReference reference = new TorchReference(TrainingSchedule.ONE_CYCLE.optimizerFor(spec, knobs),
                LossSpec.of(LossKind.MSE), 3, 1, start);
        double[] rates = TrainingSchedule.ONE_CYCLE.rates(lr, 6, knobs);
        double[] momenta = TrainingSchedule.ONE_CYCLE.momenta(6, knobs);
        for (int i = 0; i < rates.length; i++) {
            reference.step(rates[i], momenta[i], new float[][] {train.rows()}, new float[][] {train.labels()});
        }
        assertClose("validation loss", new double[] {reference.loss(validation.rows(), validation.labels())},
                new double[] {fit.validationLoss()});
    }

    private static double distance(double[] a, double[] b) {
        double apart = 0;
        for (int i = 0; i < a.length; i++) {
            apart = Math.max(apart, Math.abs(a[i] - b[i]));
        }
        return apart;
    }

    static Stream<Arguments> losses() {
        TinyData regression = TinyData.regression(24, 4, false, 5);
        return Stream.of(
                Arguments.of("cross-entropy", LossSpec.of(LossKind.CROSS_ENTROPY), TinyData.classes(24, 4, 3, 5)),
                Arguments.of("cross-entropy, label smoothing", new LossSpec(LossKind.CROSS_ENTROPY, 0.2, 1),
                        TinyData.classes(24, 4, 3, 5)),
                Arguments.of("bce, two classes", LossSpec.of(LossKind.BCE), TinyData.classes(24, 4, 2, 5)),
                Arguments.of("bce, targets in [0, 1]", LossSpec.of(LossKind.BCE), TinyData.regression(24, 4, true, 5)),
                Arguments.of("mse", LossSpec.of(LossKind.MSE), regression),
                Arguments.of("l1", LossSpec.of(LossKind.L1), regression),
                Arguments.of("huber, delta 0.5", new LossSpec(LossKind.HUBER, 0, 0.5), regression));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    public void eachLossIsPyTorchs(String name, LossSpec loss, TinyData data) {
        OptimizerSpec sgd = OptimizerSpec.of(OptimizerKind.SGD);
        SweepConfig config = SweepConfig.builder().optBatchSize(data.samples()).optLoss(loss).optSeed(4).build();
        checkAgainstReference(data, config, loss, sgd);
    }

    /** Five steps of the backend and of the reference from the backend's initial weights: losses and parameters agree. */
    private void checkAgainstReference(TinyData data, SweepConfig config, LossSpec loss, OptimizerSpec spec) {
        try (SweepSession session = backend.open(SweepData.of(data), ModelSpec.mlp(), config)) {
            TorchReference reference = new TorchReference(spec, loss, data.dims(), loss.outputs(data),
                    floats(modelState(session)));
            double[] expected = new double[LRS.length];
            for (int i = 0; i < LRS.length; i++) {
                session.step(LRS[i]);
                expected[i] = reference.step(LRS[i], new float[][] {data.rows()}, new float[][] {data.labels()});
            }
            double[] losses = new double[LRS.length];
            assertEquals(LRS.length, session.readLosses(losses, 0));
            assertClose("loss", expected, losses);
            assertClose("parameter", reference.params(), floats(modelState(session)));
        }
    }

    static Stream<Arguments> stateful() {
        return Stream.of(
                Arguments.of("momentum", OptimizerSpec.of(OptimizerKind.MOMENTUM)),
                Arguments.of("adam", OptimizerSpec.of(OptimizerKind.ADAM)),
                Arguments.of("rmsprop, centered, momentum", OptimizerSpec.builder(OptimizerKind.RMSPROP)
                        .optCentered(true).optMomentum(0.9).build()));
    }

    /**
     * A snapshot puts back the optimizer's state (momentum buffers, moments, step count) with the
     * parameters: the steps after a restore repeat the steps after the snapshot. Each step trains on
     * all the rows, so the batches repeat too (in another order: equal to rounding).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stateful")
    public void aRestoreAlsoPutsTheOptimizerStateBack(String name, OptimizerSpec spec) {
        TinyData data = TinyData.regression(16, 3, false, 9);
        SweepConfig config = SweepConfig.builder().optBatchSize(16).optOptimizer(spec).optSeed(5).build();
        try (SweepSession session = backend.open(SweepData.of(data), ModelSpec.mlp(4), config)) {
            session.step(0.05);
            session.step(0.05);
            session.readLosses(new double[2], 0);
            try (SweepSession.Snapshot snapshot = session.snapshot()) {
                double[] first = new double[3];
                for (int i = 0; i < 3; i++) {
                    session.step(0.05);
                }
                session.readLosses(first, 0);
                double[] firstParams = floats(modelState(session));
                snapshot.restore();
                double[] again = new double[3];
                for (int i = 0; i < 3; i++) {
                    session.step(0.05);
                }
                session.readLosses(again, 0);
                assertClose("loss", first, again);
                assertClose("parameter", firstParams, floats(modelState(session)));
            }
        }
    }

    static Stream<Arguments> accumulated() {
        return Stream.of(
                Arguments.of("sgd", OptimizerSpec.of(OptimizerKind.SGD)),
                Arguments.of("momentum", OptimizerSpec.of(OptimizerKind.MOMENTUM)),
                Arguments.of("adam", OptimizerSpec.of(OptimizerKind.ADAM)));
    }

    /**
     * Two batches of 16 accumulated step as one batch of 32 (the same 32 rows: one epoch each step),
     * on a model with a hidden layer and no batch norm; one batch of 16 does not.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("accumulated")
    public void accumulatingTwoBatchesStepsAsOneBatchOfBoth(String name, OptimizerSpec spec) {
        TinyData data = TinyData.classes(32, 6, 3, 11);
        SweepConfig base = SweepConfig.builder().optOptimizer(spec).optSeed(8).build();
        Stepped accumulated = steps(data, base.toBuilder().optBatchSize(16).optAccumulate(2).build());
        Stepped whole = steps(data, base.toBuilder().optBatchSize(32).build());
        Stepped half = steps(data, base.toBuilder().optBatchSize(16).build());
        assertClose("loss", whole.losses(), accumulated.losses());
        assertClose("parameter", whole.params(), accumulated.params());
        double apart = 0;
        for (int i = 0; i < whole.params().length; i++) {
            apart = Math.max(apart, Math.abs(whole.params()[i] - half.params()[i]));
        }
        assertTrue(apart > 1e-3, "one batch of 16 stepped as one of 32 (" + apart + " apart): the test cannot tell");
    }

    /**
     * At rate 0 (the model stays as it is) the loss of accumulated step i is the mean of batches 2i
     * and 2i + 1 of a sweep without accumulation: the batches come in the sampler's order, across
     * epochs (40 rows, batches of 16), also when Java assembles and augments them.
     */
    @ParameterizedTest(name = "augmented in Java: {0}")
    @ValueSource(booleans = {false, true})
    public void anAccumulatedStepTrainsTheNextBatchesInTheSamplersOrder(boolean augmentedInJava) {
        TinyData tiny = TinyData.classes(40, 6, 3, 13);
        TrainingData data = augmentedInJava ? tiny.halved() : tiny;
        SweepConfig base = SweepConfig.builder().optBatchSize(16).optSeed(6).build();
        double[] accumulated = lossesAtRateZero(data, base.toBuilder().optAccumulate(2).build(), 4);
        double[] single = lossesAtRateZero(data, base, 8);
        double[] pairs = new double[4];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = (single[2 * i] + single[2 * i + 1]) / 2;
        }
        assertClose("loss", pairs, accumulated);
    }

    private double[] lossesAtRateZero(TrainingData data, SweepConfig config, int steps) {
        try (SweepSession session = backend.open(SweepData.of(data), ModelSpec.mlp(8), config)) {
            for (int i = 0; i < steps; i++) {
                session.step(0);
            }
            double[] losses = new double[steps];
            assertEquals(steps, session.readLosses(losses, 0));
            return losses;
        }
    }

    private record Stepped(double[] losses, double[] params) {}

    private Stepped steps(TinyData data, SweepConfig config) {
        try (SweepSession session = backend.open(SweepData.of(data), ModelSpec.mlp(8), config)) {
            for (double lr : new double[] {0.1, 0.3, 0.2}) {
                session.step(lr);
            }
            double[] losses = new double[3];
            assertEquals(3, session.readLosses(losses, 0));
            return new Stepped(losses, floats(modelState(session)));
        }
    }

    private static double[] floats(byte[] bytes) {
        FloatBuffer floats = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asFloatBuffer();
        double[] values = new double[floats.remaining()];
        for (int i = 0; i < values.length; i++) {
            values[i] = floats.get(i);
        }
        return values;
    }

    /** Float32 arithmetic against doubles (or another float32 order of sums): 1e-4 relative, 1e-5 absolute. */
    private static void assertClose(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + " count");
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= 1e-5 + 1e-4 * Math.abs(expected[i]))) {
                fail(what + " " + i + ": expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }
}
