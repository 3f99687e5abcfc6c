package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** torch.optim's names and defaults, the shorthands of before, torch's checks; losses by the data and their checks. */
class OptimizerAndLossSpecTest {

    @Test
    void theDefaultsAreTorchOptims() {
        assertEquals(Map.of("momentum", 0.0, "dampening", 0.0, "nesterov", false, "weightDecay", 0.0),
                OptimizerSpec.of(OptimizerKind.SGD).hyperParameters());
        assertEquals(Map.of("betas", List.of(0.9, 0.999), "eps", 1e-8, "weightDecay", 0.0),
                OptimizerSpec.of(OptimizerKind.ADAM).hyperParameters());
        assertEquals(Map.of("betas", List.of(0.9, 0.999), "eps", 1e-8, "weightDecay", 0.01),
                OptimizerSpec.of(OptimizerKind.ADAMW).hyperParameters());
        assertEquals(Map.of("momentum", 0.0, "alpha", 0.99, "eps", 1e-8, "centered", false, "weightDecay", 0.0),
                OptimizerSpec.of(OptimizerKind.RMSPROP).hyperParameters());
    }

    @Test
    void momentumAndNesterovAreShorthandsForSgd() {
        OptimizerSpec momentum = OptimizerSpec.of(OptimizerKind.MOMENTUM);
        assertEquals(OptimizerKind.SGD, momentum.kind());
        assertEquals(0.9, momentum.momentum());
        assertFalse(momentum.nesterov());
        OptimizerSpec nesterov = new OptimizerSpec(OptimizerKind.NESTEROV, 0.8, 1e-4);
        assertEquals(OptimizerKind.SGD, nesterov.kind());
        assertTrue(nesterov.nesterov());
        assertEquals(0.8, nesterov.momentum());
        assertEquals("sgd momentum=0.8 nesterov weightDecay=1.0E-4", nesterov.describe());
        // The three-value form of before: plain sgd ignores the momentum given.
        assertEquals(0.0, new OptimizerSpec(OptimizerKind.SGD, 0.9, 0).momentum());
    }

    @Test
    void badValuesAreRefusedAsTorchRefusesThem() {
        assertEquals("betas = 0.9,1.0: must be two numbers in [0.0, 1.0)", assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpec.builder(OptimizerKind.ADAM).optBetas(0.9, 1).build()).getMessage());
        assertEquals("eps = -1.0E-8: must be a finite number >= 0", assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpec.builder(OptimizerKind.RMSPROP).optEps(-1e-8).build()).getMessage());
        assertEquals("nesterov = true: must be false unless momentum > 0 and dampening is 0 (momentum = 0.0,"
                + " dampening = 0.0), as torch.optim.SGD requires", assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpec.builder(OptimizerKind.SGD).optNesterov(true).build()).getMessage());
        assertEquals("alpha = 1.5: must be a number in [0.0, 1.0]", assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpec.builder(OptimizerKind.RMSPROP).optAlpha(1.5).build()).getMessage());
        assertEquals("momentum = 0.9: must be left out for adam, which reads only betas, eps, weightDecay",
                assertThrows(IllegalArgumentException.class,
                        () -> OptimizerSpec.builder(OptimizerKind.ADAM).optMomentum(0.9).build()).getMessage());
    }

    @Test
    void theLossFollowsTheDataUnlessNamed() {
        TinyData classes = TinyData.classes(12, 2, 3, 1);
        TinyData values = TinyData.regression(12, 2, false, 1);
        assertEquals(LossKind.CROSS_ENTROPY, LossSpec.BY_DATA.resolvedFor(classes).kind());
        assertEquals(3, LossSpec.BY_DATA.outputs(classes));
        assertEquals(LossKind.MSE, LossSpec.BY_DATA.resolvedFor(values).kind());
        assertEquals(1, LossSpec.of(LossKind.BCE).outputs(TinyData.classes(12, 2, 2, 1)));
        assertEquals(LossKind.HUBER, LossSpec.of(LossKind.HUBER).resolvedFor(values).kind());
    }

    @Test
    void aLossThatDoesNotFitTheTargetsIsRefused() {
        assertEquals("loss = mse: must be cross-entropy for class labels (3 classes)", assertThrows(
                IllegalArgumentException.class, () -> LossSpec.of(LossKind.MSE).resolvedFor(TinyData.classes(12, 2, 3, 1)))
                .getMessage());
        assertEquals("loss = bce: must be cross-entropy for 3 classes (bce takes two classes, or regression targets in"
                + " [0, 1])", assertThrows(IllegalArgumentException.class,
                () -> LossSpec.of(LossKind.BCE).resolvedFor(TinyData.classes(12, 2, 3, 1))).getMessage());
        var e = assertThrows(IllegalArgumentException.class,
                () -> LossSpec.of(LossKind.BCE).resolvedFor(TinyData.regression(12, 2, false, 1)));
        assertTrue(e.getMessage().startsWith("loss = bce: must be mse, l1 or huber for targets outside [0, 1]"),
                e.getMessage());
        assertEquals("loss = cross-entropy: must be mse, l1, huber or bce for regression targets",
                assertThrows(IllegalArgumentException.class, () -> LossSpec.of(LossKind.CROSS_ENTROPY)
                        .resolvedFor(TinyData.regression(12, 2, false, 1))).getMessage());
        assertEquals("labelSmoothing = 0.1: must be 0 for loss mse (it smooths cross-entropy's labels)",
                assertThrows(IllegalArgumentException.class, () -> new LossSpec(LossKind.MSE, 0.1, 1)).getMessage());
        assertEquals("huberDelta = 2.0: must be left out unless the loss is huber",
                assertThrows(IllegalArgumentException.class, () -> new LossSpec(LossKind.L1, 0, 2)).getMessage());
    }

    @Test
    void accumulationIsChecked() {
        assertEquals("accumulate = 0: must be an integer in [1, 65536]", assertThrows(IllegalArgumentException.class,
                () -> SweepConfig.builder().optAccumulate(0).build()).getMessage());
        assertEquals(4, SweepConfig.builder().optAccumulate(4).build().toBuilder().build().accumulate());
    }
}
