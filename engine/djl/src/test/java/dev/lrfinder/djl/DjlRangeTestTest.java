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
import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.StopReason;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The DJL sweep loop on real libtorch. */
class DjlRangeTestTest {
    private static final DjlBackend BACKEND = new DjlBackend();
    private static final TaskSpec BLOBS = TaskSpec.named("blobs").withSamples(512);
    private static final TaskSpec PATTERNS = TaskSpec.defaults().withSamples(512);
    private static final ModelSpec SMALL_MLP = ModelSpec.mlp(32, 32);

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
        Random random = new Random(7);
        float[] x = new float[256 * 8];
        float[] y = new float[256];
        for (int i = 0; i < 256; i++) {
            y[i] = i % 3;
            for (int d = 0; d < 8; d++) {
                x[i * 8 + d] = (float) (random.nextGaussian() + (d == y[i] ? 2 : 0));
            }
        }
        dataset = new ArrayDataset.Builder()
                .setData(manager.create(x, new Shape(256, 8)))
                .optLabels(manager.create(y, new Shape(256)))
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
    void appliedLearningRatesAreTheScheduleGrid() {
        SweepConfig config = SweepConfig.builder().optLrMin(1e-5).optLrMax(1e-1).optSteps(40)
                .optDivergence(DivergenceRule.none()).build();
        SweepResult result = BACKEND.run(BLOBS, SMALL_MLP, config);
        assertEquals(StopReason.COMPLETED, result.curve().stopReason());
        double[] grid = config.lrGrid();
        double[] applied = result.curve().lrs();
        assertEquals(40, applied.length);
        for (int i = 0; i < grid.length; i++) {
            // DJL optimizers take the rate as a float: the applied value is the grid's float.
            assertEquals((float) grid[i], applied[i], 0, "step " + i);
        }
        assertEquals((float) 1e-5, applied[0], 0);
        assertEquals((float) 1e-1, applied[39], 0);
    }

    @Test
    void aHighLrMaxDivergesBeforeTheLastStep() {
        SweepResult result = BACKEND.run(PATTERNS, SMALL_MLP, SweepConfig.builder().optLrMax(100).build());
        StopReason reason = result.curve().stopReason();
        assertTrue(reason == StopReason.DIVERGED || reason == StopReason.NON_FINITE, reason.toString());
        assertTrue(result.curve().size() < 100, "recorded " + result.curve().size());
        assertTrue(result.curve().size() > 50, "stopped too early, at " + result.curve().size());
        assertEquals(100, result.curve().plannedSteps());
    }

    @Test
    void sameSeedSameCurveAndTheSeedMatters() {
        SweepConfig config = SweepConfig.builder().optSteps(60).optLrMin(1e-4).optLrMax(1).build();
        SweepResult a = BACKEND.run(BLOBS, SMALL_MLP, config);
        SweepResult b = BACKEND.run(BLOBS, SMALL_MLP, config);
        assertEquals(a.curve(), b.curve());
        SweepResult other = BACKEND.run(BLOBS, SMALL_MLP, config.toBuilder().optSeed(43).build());
        assertNotEquals(a.curve(), other.curve());
    }

    @Test
    void readingLossesInBlocksGivesTheSameCurveAsReadingEachStep() {
        SweepConfig config = SweepConfig.builder().optLrMax(100).optLossReadInterval(1).build();
        SweepResult eachStep = BACKEND.run(BLOBS, SMALL_MLP, config);
        SweepResult blocks = BACKEND.run(BLOBS, SMALL_MLP, config.toBuilder().optLossReadInterval(16).build());
        assertEquals(eachStep.curve(), blocks.curve());
        assertTrue(eachStep.curve().stopReason() != StopReason.COMPLETED);
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
    void theModelIsRestoredWhenTheSweepThrows() {
        List<byte[]> before = initialised();
        Loss failing = lossThatOnCall(10, () -> {
            throw new IllegalStateException("boom at step 10");
        });
        var e = assertThrows(IllegalStateException.class, () -> userTest(SweepConfig.defaults())
                .setLoss(failing).build().run());
        assertEquals("boom at step 10", e.getMessage());
        assertParametersAre(before);
    }

    @Test
    void anInterruptedSweepReturnsWhatItHasAndRestores() {
        List<byte[]> before = initialised();
        Loss interrupting = lossThatOnCall(10, () -> Thread.currentThread().interrupt());
        try {
            SweepResult result = userTest(SweepConfig.defaults()).setLoss(interrupting).build().run();
            assertEquals(StopReason.INTERRUPTED, result.curve().stopReason());
            assertEquals(10, result.curve().size());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
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
    void aFitTrainsAtOneRateFromTheRangeTestsStart() {
        SweepConfig config = SweepConfig.builder().optSteps(50).build();
        SweepResult fit = BACKEND.fit(BLOBS, SMALL_MLP, config, 0.05);
        assertEquals(50, fit.curve().size());
        for (double lr : fit.curve().lrs()) {
            assertEquals((float) 0.05, lr, 0);
        }
        // Same seed, same first batch and weights as the range test: the first loss is the same.
        assertEquals(BACKEND.run(BLOBS, SMALL_MLP, config).curve().loss(0), fit.curve().loss(0), 0);
        assertTrue(fit.curve().loss(49) < fit.curve().loss(0), "a fit at a sane rate learns");
        SweepResult tooHigh = BACKEND.fit(PATTERNS, SMALL_MLP, config, 1e3);
        assertNotEquals(StopReason.COMPLETED, tooHigh.curve().stopReason());
    }

    @Test
    void aSessionStepsAtTheRatesItIsGivenAndRestoresOnClose() {
        List<byte[]> before = initialised();
        DjlSession session = userTest(SweepConfig.defaults()).build().open();
        float first = session.step(0.1);
        float later = first;
        for (int i = 0; i < 30; i++) {
            later = session.step(0.1);
        }
        assertTrue(later < first, "trains: " + first + " then " + later);
        session.restore();
        assertParametersAre(before);
        session.step(10);
        session.close();
        assertParametersAre(before);
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

    /** softmax cross-entropy that runs {@code action} on its {@code call}-th evaluation (1-based). */
    private static Loss lossThatOnCall(int call, Runnable action) {
        return new Loss("trap") {
            private final Loss inner = Loss.softmaxCrossEntropyLoss();
            private int calls;

            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                if (++calls == call) {
                    action.run();
                }
                return inner.evaluate(labels, predictions);
            }
        };
    }

}
