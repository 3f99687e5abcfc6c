package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskKind;
import dev.lrfinder.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SweepBackend} promises through {@link SweepLoop}, on real training: the grid,
 * divergence and NaN stops, block-size independence, determinism, interrupts, a byte-for-byte
 * restore (also after a throw) and fits. A backend's test class extends this and says how to read
 * its model's state; run one class per JVM, as every libtorch test here is.
 */
public abstract class SweepBackendContract {
    protected static final TaskSpec BLOBS = TaskSpec.named("blobs").withSamples(512);
    protected static final TaskSpec PATTERNS = TaskSpec.defaults().withSamples(512);
    protected static final TaskSpec REGRESSION = TaskSpec.defaults(TaskKind.REGRESSION).withSamples(512);
    protected static final ModelSpec SMALL_MLP = ModelSpec.mlp(32, 32);

    private final SweepBackend backend;
    private final DoubleUnaryOperator applied;

    /**
     * @param backend the backend under test
     * @param applied the rate the backend's optimizer applies when asked for {@code lr} (DJL's hold
     *     a float32)
     */
    protected SweepBackendContract(SweepBackend backend, DoubleUnaryOperator applied) {
        this.backend = backend;
        this.applied = applied;
    }

    /** Every byte of the session's model state (parameters, buffers), in a fixed order. */
    protected abstract byte[] modelState(SweepSession session);

    private SweepBackend backend() {
        return backend;
    }

    private double applied(double lr) {
        return applied.applyAsDouble(lr);
    }

    @Test
    public void theAppliedRatesAreTheScheduleGrid() {
        SweepConfig config = SweepConfig.builder().optLrMin(1e-5).optLrMax(1e-1).optSteps(40)
                .optDivergence(DivergenceRule.none()).build();
        SweepResult result = backend().run(BLOBS, SMALL_MLP, config);
        LossCurve curve = result.curve();
        assertEquals(StopReason.COMPLETED, curve.stopReason());
        assertEquals(StopReason.COMPLETED, result.info().stopReason());
        assertEquals(40, curve.size());
        double[] grid = config.lrGrid();
        for (int i = 0; i < grid.length; i++) {
            assertEquals(applied(grid[i]), curve.lr(i), 0, "step " + i);
        }
        assertEquals(applied(1e-5), curve.lr(0), 0);
        assertEquals(applied(1e-1), curve.lr(39), 0);
        assertEquals(backend().id(), result.info().backend());
        assertTrue(result.info().stepsPerSecond() > 0);
        assertTrue(result.info().stepMillis().median() > 0);
    }

    @Test
    public void aHighLrMaxStopsWhereTheDivergenceRuleSays() {
        LossCurve curve = backend().run(PATTERNS, SMALL_MLP, SweepConfig.builder().optLrMax(100).build()).curve();
        assertEquals(StopReason.DIVERGED, curve.stopReason());
        assertEquals(100, curve.plannedSteps());
        assertTrue(curve.size() > 50 && curve.size() < 100, "stopped at " + curve.size());
        // The rule, replayed on the recorded losses: silent until the last one.
        DivergenceRule.Monitor monitor = DivergenceRule.defaultRule().newMonitor();
        for (int i = 0; i < curve.size() - 1; i++) {
            assertNull(monitor.observe(curve.loss(i)), "the rule stops earlier, at " + i);
        }
        assertEquals(StopReason.DIVERGED, monitor.observe(curve.loss(curve.size() - 1)));
    }

    @Test
    public void aNonFiniteLossEndsTheCurveAndIsKept() {
        SweepConfig config = nonFinite();
        LossCurve curve = backend().run(REGRESSION, SMALL_MLP, config).curve();
        assertEquals(StopReason.NON_FINITE, curve.stopReason());
        assertTrue(curve.size() < config.steps(), "ran to the end");
        assertTrue(!Double.isFinite(curve.loss(curve.size() - 1)));
        for (int i = 0; i < curve.size() - 1; i++) {
            assertTrue(Double.isFinite(curve.loss(i)), "step " + i + " is " + curve.loss(i));
        }
    }

    @Test
    public void readingLossesInBlocksGivesTheSameCurveAsReadingEachStep() {
        SweepConfig diverging = SweepConfig.builder().optLrMax(100).optLossReadInterval(1).build();
        LossCurve eachStep = backend().run(PATTERNS, SMALL_MLP, diverging).curve();
        assertNotEquals(StopReason.COMPLETED, eachStep.stopReason());
        for (int interval : new int[] {7, 16}) {
            assertEquals(eachStep, backend().run(PATTERNS, SMALL_MLP,
                    diverging.toBuilder().optLossReadInterval(interval).build()).curve(), "interval " + interval);
        }
        SweepConfig nonFinite = nonFinite().toBuilder().optLossReadInterval(1).build();
        assertEquals(backend().run(REGRESSION, SMALL_MLP, nonFinite).curve(), backend().run(REGRESSION, SMALL_MLP,
                nonFinite.toBuilder().optLossReadInterval(16).build()).curve());
    }

    @Test
    public void sameSeedSameCurveToTheBitAndTheSeedMatters() {
        SweepConfig config = SweepConfig.builder().optSteps(60).optLrMin(1e-4).optLrMax(1).build();
        LossCurve a = backend().run(BLOBS, SMALL_MLP, config).curve();
        assertEquals(a, backend().run(BLOBS, SMALL_MLP, config).curve());
        assertNotEquals(a, backend().run(BLOBS, SMALL_MLP, config.toBuilder().optSeed(43).build()).curve());
    }

    @Test
    public void theListenerHearsEveryBlockAsItIsRead() {
        SweepConfig config = SweepConfig.builder().optSteps(30).optLossReadInterval(4)
                .optDivergence(DivergenceRule.none()).build();
        List<double[]> heard = new ArrayList<>();
        LossCurve curve = backend().run(BLOBS, SMALL_MLP, config,
                (recorded, planned, lastLoss) -> heard.add(new double[] {recorded, planned, lastLoss})).curve();
        assertEquals(8, heard.size());
        for (int i = 0; i < heard.size(); i++) {
            int recorded = Math.min(4 * (i + 1), 30);
            assertArrayEquals(new double[] {recorded, 30, curve.loss(recorded - 1)}, heard.get(i), "block " + i);
        }
    }

    @Test
    public void anInterruptEndsTheSweepWithTheStepsRunRestoresAndStaysSet() {
        SweepConfig config = SweepConfig.defaults();
        try (SweepSession session = backend().open(BLOBS, SMALL_MLP, config)) {
            byte[] before = modelState(session);
            // Step 10 is the second of a block of 4: the two steps of that block run so far are read too.
            SweepSession interrupting = onStep(session, 10, () -> Thread.currentThread().interrupt());
            try {
                SweepResult result = SweepLoop.builder().setConfig(config).build().run(interrupting);
                assertEquals(StopReason.INTERRUPTED, result.curve().stopReason());
                assertEquals(10, result.curve().size());
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
            } finally {
                Thread.interrupted();
            }
            assertArrayEquals(before, modelState(session));
        }
    }

    @Test
    public void theModelIsRestoredByteForByteAfterADivergingSweep() {
        SweepConfig config = SweepConfig.builder().optLrMax(1000).build();
        try (SweepSession session = backend().open(PATTERNS, SMALL_MLP, config)) {
            byte[] before = modelState(session);
            SweepResult result = SweepLoop.builder().setConfig(config).build().run(session);
            assertNotEquals(StopReason.COMPLETED, result.curve().stopReason());
            assertArrayEquals(before, modelState(session));
        }
    }

    @Test
    public void theModelIsRestoredByteForByteWhenAStepThrows() {
        SweepConfig config = SweepConfig.defaults();
        try (SweepSession session = backend().open(BLOBS, SMALL_MLP, config)) {
            byte[] before = modelState(session);
            SweepSession failing = onStep(session, 10, () -> {
                throw new IllegalStateException("boom at step 10");
            });
            var e = assertThrows(IllegalStateException.class,
                    () -> SweepLoop.builder().setConfig(config).build().run(failing));
            assertEquals("boom at step 10", e.getMessage());
            assertArrayEquals(before, modelState(session));
        }
    }

    @Test
    public void aFitTrainsAtOneRateFromTheRangeTestsStart() {
        SweepConfig config = SweepConfig.builder().optSteps(50).build();
        LossCurve fit = backend().fit(BLOBS, SMALL_MLP, config, 0.05).curve();
        assertEquals(50, fit.size());
        for (int i = 0; i < fit.size(); i++) {
            assertEquals(applied(0.05), fit.lr(i), 0, "step " + i);
        }
        // Same seed, same first batch and weights as the range test: the same first loss.
        assertEquals(backend().run(BLOBS, SMALL_MLP, config).curve().loss(0), fit.loss(0), 0);
        assertTrue(fit.loss(49) < fit.loss(0), "a fit at a sane rate learns");
        assertNotEquals(StopReason.COMPLETED, backend().fit(PATTERNS, SMALL_MLP, config, 1e3).curve().stopReason());
    }

    /** Plain SGD on mean squared error at rates up to 1e4: the loss overflows within the sweep. */
    private static SweepConfig nonFinite() {
        return SweepConfig.builder().optLrMin(1e-3).optLrMax(1e4).optDivergence(DivergenceRule.none()).build();
    }

    /** {@code session}, running {@code action} right after its {@code call}-th step (1-based). */
    private static SweepSession onStep(SweepSession session, int call, Runnable action) {
        return new SweepSession() {
            private int calls;

            @Override
            public double step(double lr) {
                double rate = session.step(lr);
                if (++calls == call) {
                    action.run();
                }
                return rate;
            }

            @Override
            public int readLosses(double[] into, int offset) {
                return session.readLosses(into, offset);
            }

            @Override
            public Snapshot snapshot() {
                return session.snapshot();
            }

            @Override
            public BackendInfo info() {
                return session.info();
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }
}
