package dev.lrfinder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import dev.lrfinder.djl.DjlRangeTest;
import org.junit.jupiter.api.Test;

/**
 * Runs at once on the djl backend, in one JVM: libtorch's one random generator (seeded per run for
 * the initial weights), its per-thread grad mode and thread count, DJL's one-collector-at-a-time
 * flag, none of them may show in the curves.
 */
class DjlParallelRunsTest {
    @Test
    void runsAtOnceGiveTheCurvesOfRunsOneAfterAnother() {
        ParallelCurves.assertSameAtOnceAsOneAfterAnother("djl");
    }

    @Test
    void aModelOfYoursIsSweptOneRunAtATime() {
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance("mine")) {
            model.setBlock(Linear.builder().setUnits(2).build());
            ArrayDataset data = new ArrayDataset.Builder().setData(manager.randomNormal(new Shape(64, 4)))
                    .optLabels(manager.zeros(new Shape(64))).setSampling(16, true).build();
            DjlRangeTest.Builder test = DjlRangeTest.builder().setModel(model).setDataset(data)
                    .setLoss(Loss.softmaxCrossEntropyLoss()).optInputShapes(new Shape(16, 4));
            var e = assertThrows(IllegalArgumentException.class,
                    () -> LrFinder.builder().setRangeTest(test).optParallel(2).build());
            assertEquals("parallel = 2: must be 1 for a model of yours (its runs share its weights)", e.getMessage());
            LrFinder finder = LrFinder.builder().setRangeTest(test).optRuns(2).build();
            assertEquals(1, finder.parallel());
            assertEquals("djl", finder.backend().chosen());
        }
    }
}
