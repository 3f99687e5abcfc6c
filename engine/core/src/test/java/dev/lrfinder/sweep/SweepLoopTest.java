package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loop's own bookkeeping, on a session that plays back set losses (no libtorch): how many steps
 * run past a stop, and what happens when a step and then the restore fail. What it promises on
 * real training is {@link SweepBackendContract}'s.
 */
class SweepLoopTest {

    @Test
    void atMostIntervalMinusOneStepsRunPastAStopAndTheyAreDropped() {
        double[] losses = new double[20];
        Arrays.fill(losses, 1);
        losses[9] = Double.NaN;
        SweepConfig config = SweepConfig.builder().optSteps(20).optLossReadInterval(4).build();
        PlayedBack session = new PlayedBack(losses);
        LossCurve curve = SweepLoop.builder().setConfig(config).build().run(session).curve();
        assertEquals(StopReason.NON_FINITE, curve.stopReason());
        assertEquals(10, curve.size());
        assertEquals(12, session.steps, "steps 8-11 are one block: 10 and 11 run and are dropped");
        assertEquals(1, session.restores);

        PlayedBack eachStep = new PlayedBack(losses);
        assertEquals(curve, SweepLoop.builder().setConfig(config.toBuilder().optLossReadInterval(1).build()).build()
                .run(eachStep).curve());
        assertEquals(10, eachStep.steps);
    }

    /** A OneCycle fit: each step runs at its own rate and momentum, the momentum set before the step; a range test sets none. */
    @Test
    void aFitSetsEachStepsMomentumBeforeTheStep() {
        double[] losses = new double[10];
        Arrays.fill(losses, 1);
        ScheduleOptions knobs = ScheduleOptions.defaults();
        double[] rates = TrainingSchedule.ONE_CYCLE.rates(0.1, 10, knobs);
        double[] momenta = TrainingSchedule.ONE_CYCLE.momenta(10, knobs);
        List<String> calls = new ArrayList<>();
        SweepConfig config = SweepConfig.builder().optSteps(10).build();
        SweepLoop.builder().setConfig(config).optLrs(rates).optMomenta(momenta).build().run(recording(losses, calls));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("momentum " + momenta[i]);
            expected.add("step " + rates[i]);
        }
        assertEquals(expected, calls);

        calls.clear();
        SweepLoop.builder().setConfig(config).build().run(recording(losses, calls));
        assertTrue(calls.stream().allMatch(c -> c.startsWith("step")), "a range test keeps the optimizer's momentum");
        assertThrows(IllegalArgumentException.class,
                () -> SweepLoop.builder().setConfig(config).optLrs(rates).optMomenta(new double[3]).build());
    }

    /** A session that writes down each momentum set and each step, in order. */
    private static PlayedBack recording(double[] losses, List<String> calls) {
        return new PlayedBack(losses) {
            @Override
            public void setMomentum(double momentum) {
                calls.add("momentum " + momentum);
            }

            @Override
            public double step(double lr) {
                calls.add("step " + lr);
                return super.step(lr);
            }
        };
    }

    @Test
    void aFailingStepRestoresAndStaysTheFailureWhenTheRestoreFailsToo() {
        double[] losses = new double[20];
        Arrays.fill(losses, 1);
        IllegalStateException stepFailure = new IllegalStateException("step 6 failed");
        IllegalStateException restoreFailure = new IllegalStateException("restore failed");
        PlayedBack session = new PlayedBack(losses) {
            @Override
            public double step(double lr) {
                if (steps == 5) {
                    throw stepFailure;
                }
                return super.step(lr);
            }

            @Override
            void restored() {
                throw restoreFailure;
            }
        };
        SweepLoop loop = SweepLoop.builder().setConfig(SweepConfig.builder().optSteps(20).build()).build();
        var e = assertThrows(IllegalStateException.class, () -> loop.run(session));
        assertSame(stepFailure, e);
        assertArrayEquals(new Throwable[] {restoreFailure}, e.getSuppressed());
        assertEquals(1, session.restores);
        assertTrue(session.snapshotClosed, "the snapshot is released");
    }

    @Test
    void aStopOnTheValidationCurveComesAtOnceAndKeepsBothCurvesToIt() {
        double[] train = new double[20];
        double[] validation = new double[20];
        Arrays.fill(train, 1);
        Arrays.fill(validation, 2);
        validation[5] = 100; // passes 4x its best at once
        SweepConfig config = SweepConfig.builder().optSteps(20).optLossReadInterval(4).optValidationLoss(true).build();
        PlayedBack session = new PlayedBack(train, validation);
        LossCurve curve = SweepLoop.builder().setConfig(config).build().run(session).curve();
        assertEquals(StopReason.DIVERGED, curve.stopReason());
        assertEquals(6, session.steps, "no step runs past a stop the validation curve calls");
        assertEquals(6, session.evaluations);
        assertArrayEquals(Arrays.copyOf(train, 6), curve.losses(), "the training losses of every step run are read");
        assertArrayEquals(Arrays.copyOf(validation, 6), curve.validationLosses());
    }

    @Test
    void aStopOnTheTrainingCurveCutsTheValidationCurveWithIt() {
        double[] train = new double[20];
        double[] validation = new double[20];
        Arrays.fill(train, 1);
        Arrays.fill(validation, 2);
        train[9] = Double.NaN;
        validation[3] = 1e6; // not read by the rule: the suggestions read the training curve
        SweepConfig config = SweepConfig.builder().optSteps(20).optLossReadInterval(4).optValidationLoss(true)
                .optCurve(SweepCurve.TRAIN).build();
        PlayedBack session = new PlayedBack(train, validation);
        LossCurve curve = SweepLoop.builder().setConfig(config).build().run(session).curve();
        assertEquals(StopReason.NON_FINITE, curve.stopReason());
        assertEquals(10, curve.size());
        assertArrayEquals(Arrays.copyOf(validation, 10), curve.validationLosses(), "the steps past the stop are dropped");
        assertEquals(12, session.evaluations, "each step run is evaluated");
        LossCurve plain = SweepLoop.builder().setConfig(config.toBuilder().optValidationLoss(false).build()).build()
                .run(new PlayedBack(train, validation)).curve();
        assertEquals(0, plain.validationLosses().length);
        assertArrayEquals(curve.losses(), plain.losses());
    }

    @Test
    void theValidationCurveIsOnlyReadWhenItIsRecorded() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SweepConfig.builder().optCurve(SweepCurve.VALIDATION).build());
        assertEquals("curve = val: must be train unless validationLoss is on (there is no validation curve)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SweepConfig.builder().optValidationBatches(2).build());
        SweepConfig validating = SweepConfig.builder().optValidationLoss(true).build();
        assertEquals(SweepCurve.VALIDATION, validating.curve());
        assertEquals(SweepCurve.TRAIN, validating.toBuilder().optValidationLoss(false).build().curve(),
                "the default follows validationLoss through toBuilder");
        assertEquals(SweepCurve.TRAIN, SweepConfig.builder().optValidationLoss(true).optCurve(SweepCurve.TRAIN).build()
                .toBuilder().build().curve(), "a curve named is kept");
    }

    /** In lock-step, each replica's curve is what a loop of its own gives; one that stops is restored and left alone. */
    @Test
    void replicasInLockstepStopAloneAndEndAsTheirOwnLoopsWould() {
        double[] steady = new double[20];
        Arrays.fill(steady, 1);
        double[] blowsUp = steady.clone();
        blowsUp[9] = Double.NaN;
        SweepConfig config = SweepConfig.builder().optSteps(20).optLossReadInterval(4).build();
        List<PlayedBack> replicas = List.of(new PlayedBack(steady), new PlayedBack(blowsUp), new PlayedBack(steady));
        int[] groupSteps = {0};
        ReplicaGroup group = new ReplicaGroup() {
            @Override
            public List<SweepSession> replicas() {
                return List.copyOf(replicas);
            }

            @Override
            public void step() {
                groupSteps[0]++;
            }

            @Override
            public void close() {}
        };
        SweepLoop loop = SweepLoop.builder().setConfig(config).build();
        List<SweepResult> results = SweepLoop.runInLockstep(List.of(loop, loop, loop), group);
        assertEquals(20, groupSteps[0]);
        assertEquals(StopReason.NON_FINITE, results.get(1).curve().stopReason());
        assertEquals(12, replicas.get(1).steps, "staged until its block was read, then left alone");
        for (int k = 0; k < 3; k++) {
            PlayedBack alone = new PlayedBack(k == 1 ? blowsUp : steady);
            assertEquals(loop.run(alone).curve(), results.get(k).curve(), "replica " + k);
            assertEquals(1, replicas.get(k).restores, "replica " + k);
            assertTrue(replicas.get(k).snapshotClosed, "replica " + k);
        }
        assertThrows(IllegalArgumentException.class, () -> SweepLoop.runInLockstep(List.of(loop), group));
    }

    /** Plays back {@code losses}, one per step, and counts what the loop asks of it. */
    private static class PlayedBack implements SweepSession {
        private final double[] losses;
        private final double[] validation;
        int steps;
        int evaluations;
        int read;
        int restores;
        boolean snapshotClosed;

        PlayedBack(double[] losses) {
            this(losses, null);
        }

        PlayedBack(double[] losses, double[] validation) {
            this.losses = losses;
            this.validation = validation;
        }

        @Override
        public double validationLoss() {
            evaluations++;
            return validation[steps - 1];
        }

        @Override
        public double step(double lr) {
            steps++;
            return lr;
        }

        @Override
        public int readLosses(double[] into, int offset) {
            int count = steps - read;
            System.arraycopy(losses, read, into, offset, count);
            read = steps;
            return count;
        }

        @Override
        public Snapshot snapshot() {
            return new Snapshot() {
                @Override
                public void restore() {
                    restores++;
                    restored();
                }

                @Override
                public void close() {
                    snapshotClosed = true;
                }
            };
        }

        void restored() {}

        @Override
        public BackendInfo info() {
            return new BackendInfo("test", "none", "0", "none", "cpu");
        }

        @Override
        public void close() {}
    }
}
