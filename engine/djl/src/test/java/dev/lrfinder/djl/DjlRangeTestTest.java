package dev.lrfinder.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.ShiftedClasses;
import dev.lrfinder.sweep.StopReason;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.sweep.SweepSession;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The DJL entry point on real libtorch: a user's model, loss, optimizer and dataset (the sweep contract is DjlBackendContractTest's). */
class DjlRangeTestTest {
    private static final DjlBackend BACKEND = new DjlBackend();

    private NDManager manager;
    private Model model;
    private ArrayDataset dataset;

    @BeforeEach
    void userModel() {
        DjlRuntime.engine(1);
        model = Model.newInstance("user", "PyTorch");
        manager = model.getNDManager();
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(16).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(3).build());
        model.setBlock(block);
        ShiftedClasses data = ShiftedClasses.of(256, 8, 7);
        dataset = new ArrayDataset.Builder()
                .setData(manager.create(data.features(), new Shape(256, 8)))
                .optLabels(manager.create(data.targets(), new Shape(256)))
                .setSampling(32, false)
                .build();
    }

    @AfterEach
    void close() {
        model.close();
    }

    private DjlRangeTest.Builder userTest(SweepConfig config) {
        return DjlRangeTest.builder()
                .setModel(model)
                .setDataset(dataset)
                .setLoss(Loss.softmaxCrossEntropyLoss())
                .optConfig(config)
                .optInputShapes(new Shape(32, 8));
    }

    private List<byte[]> parameterBytes() {
        List<byte[]> bytes = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            bytes.add(p.getValue().getArray().toByteArray());
        }
        return bytes;
    }

    private void assertParametersAre(List<byte[]> expected) {
        List<byte[]> now = parameterBytes();
        assertEquals(expected.size(), now.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), now.get(i), "parameter " + i + " differs after the sweep");
        }
    }

    /** Initialises the user's block the way a user would before handing it over. */
    private List<byte[]> initialised() {
        model.getBlock().initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(32, 8));
        return parameterBytes();
    }

    @Test
    void userModelIsRestoredBitForBitAfterADivergingSweep() {
        List<byte[]> before = initialised();
        SweepResult result = userTest(SweepConfig.builder().optLrMax(1000).build()).build().run();
        assertNotEquals(StopReason.COMPLETED, result.curve().stopReason());
        assertParametersAre(before);
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void everyOptimizerSweepsAndRestores(OptimizerKind kind) {
        List<byte[]> before = initialised();
        SweepConfig config = SweepConfig.builder().optSteps(50).optLrMax(10)
                .optOptimizer(new OptimizerSpec(kind, 0.9, 1e-4)).build();
        SweepResult result = userTest(config).build().run();
        assertTrue(result.curve().size() > 10, kind + " recorded " + result.curve().size());
        double first = result.curve().loss(0);
        double min = java.util.Arrays.stream(result.curve().losses()).filter(Double::isFinite).min().orElseThrow();
        assertTrue(min < first * 0.8, kind + " never learned: first " + first + ", min " + min);
        assertParametersAre(before);
    }

    @Test
    void plainSgdStepsAsDjlsOwnSgdDoesEachStepFromItsOwnGradient() {
        initialised();
        // A rate that ends high: a gradient left over from the step before (scaled by its rate)
        // would show in every later loss.
        SweepConfig config = SweepConfig.builder().optSteps(40).optLrMin(1e-2).optLrMax(3).optDivergence(
                dev.lrfinder.sweep.DivergenceRule.none()).build();
        SweepResult direct = userTest(config).build().run();
        SweepResult djls = userTest(config)
                .optOptimizer(lr -> Optimizer.sgd().setLearningRateTracker(lr).build())
                .build()
                .run();
        assertEquals(djls.curve().size(), direct.curve().size());
        for (int i = 0; i < direct.curve().size(); i++) {
            assertEquals(djls.curve().loss(i), direct.curve().loss(i), 1e-4 * Math.abs(djls.curve().loss(i)),
                    "step " + i + " of lrfinder's direct SGD against DJL's Trainer.step()");
        }
    }

    @Test
    void aUsersOwnOptimizerIsDrivenByTheSweep() {
        List<byte[]> before = initialised();
        SweepConfig config = SweepConfig.builder().optSteps(30).optLrMin(1e-3).optLrMax(1e-1).build();
        SweepResult result = userTest(config)
                .optOptimizer(lr -> Optimizer.adam().optLearningRateTracker(lr).optBeta2(0.99f).build())
                .build()
                .run();
        assertEquals((float) 1e-1, result.curve().lr(29), 0);
        assertParametersAre(before);
    }

    @Test
    void negativeLossesDivergeAtTheBlowUpNotAtTheStart() {
        initialised();
        Loss shifted = new Loss("shifted") {
            private final Loss inner = Loss.softmaxCrossEntropyLoss();

            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                return inner.evaluate(labels, predictions).sub(10);
            }
        };
        SweepResult plain = userTest(SweepConfig.builder().optLrMax(1000).build()).build().run();
        SweepResult negative = userTest(SweepConfig.builder().optLrMax(1000).build()).setLoss(shifted).build().run();
        assertTrue(negative.curve().loss(0) < 0);
        assertNotEquals(StopReason.COMPLETED, negative.curve().stopReason());
        assertTrue(negative.curve().size() > 60, "stopped at " + negative.curve().size());
        // Stops in the same blow-up as the unshifted loss, a few steps either way.
        assertTrue(Math.abs(negative.curve().size() - plain.curve().size()) <= 8,
                plain.curve().size() + " vs " + negative.curve().size());
    }

    @Test
    void aSessionStepsAtTheRatesItIsGivenAndItsSnapshotRestores() {
        List<byte[]> before = initialised();
        DjlSession session = userTest(SweepConfig.defaults()).build().open();
        double[] losses = new double[31];
        try (SweepSession.Snapshot snapshot = session.snapshot()) {
            for (int i = 0; i < 31; i++) {
                assertEquals((float) 0.1, session.step(0.1), 0);
            }
            assertEquals(31, session.readLosses(losses, 0));
            assertEquals(0, session.readLosses(losses, 0));
            assertTrue(losses[30] < losses[0], "trains: " + losses[0] + " then " + losses[30]);
            snapshot.restore();
            assertParametersAre(before);
            session.step(10);
            snapshot.restore();
        }
        assertParametersAre(before);
        session.close();
        session.close(); // twice is fine
        var e = assertThrows(IllegalStateException.class, () -> session.step(0.1));
        assertEquals("the session is closed", e.getMessage());
    }

    @Test
    void theBuilderNamesWhatIsMissing() {
        var e = assertThrows(IllegalArgumentException.class, () -> DjlRangeTest.builder().setModel(model).build());
        assertEquals("dataset = null: must be set with setDataset", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DjlRangeTest.builder().setModel(model).setDataset(dataset).build());
        assertEquals("loss = null: must be set with setLoss", e.getMessage());
    }

    @Test
    void anUninitialisedBlockWithoutShapesIsAClearError() {
        var e = assertThrows(IllegalStateException.class, () -> DjlRangeTest.builder()
                .setModel(model).setDataset(dataset).setLoss(Loss.softmaxCrossEntropyLoss()).build().run());
        assertTrue(e.getMessage().contains("optInputShapes"), e.getMessage());
        assertFalse(model.getBlock().isInitialized());
    }

    @Test
    void theCnnTrainsOnImages() {
        SweepResult result = BACKEND.run(TaskSpec.defaults().withSamples(256), ModelSpec.defaults(ModelSpec.Kind.CNN),
                SweepConfig.builder().optSteps(30).optBatchSize(16).optLrMin(1e-3).optLrMax(1).build());
        assertEquals(30, result.curve().plannedSteps());
        assertTrue(result.info().stepsPerSecond() > 0);
    }
}
