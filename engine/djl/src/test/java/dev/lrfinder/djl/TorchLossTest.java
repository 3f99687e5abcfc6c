package dev.lrfinder.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lrfinder.sweep.LossKind;
import dev.lrfinder.sweep.LossSpec;
import org.junit.jupiter.api.Test;

/** A model output that does not fit the targets fails naming both shapes, as the native shim's does; DJL's own losses broadcast it. */
class TorchLossTest {

    @Test
    void anOutputThatDoesNotFitTheTargetsNamesBothShapes() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDList outputs = new NDList(manager.ones(new Shape(4, 3)));
            NDList targets = new NDList(manager.zeros(new Shape(4)));
            var mse = assertThrows(IllegalArgumentException.class,
                    () -> new TorchLoss(LossSpec.of(LossKind.MSE)).evaluate(targets, outputs));
            assertEquals("loss = mse: the model's output [4, 3] does not match the targets [4]", mse.getMessage());
            NDList flat = new NDList(manager.ones(new Shape(4)));
            var ce = assertThrows(IllegalArgumentException.class,
                    () -> new TorchLoss(LossSpec.of(LossKind.CROSS_ENTROPY)).evaluate(targets, flat));
            assertEquals("loss = cross-entropy: needs outputs [batch, classes] and targets [batch], got [4] and [4]",
                    ce.getMessage());
        }
    }

    @Test
    void aColumnOfOutputsMeetsAVectorOfTargetsRowByRow() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDList outputs = new NDList(manager.create(new float[] {1, 2, 3}, new Shape(3, 1)));
            NDList targets = new NDList(manager.create(new float[] {1, 2, 3}));
            // Broadcast, [3, 1] against [3] would be 9 differences with mean 4/3; row by row each is 0.
            assertEquals(0f, new TorchLoss(LossSpec.of(LossKind.MSE)).evaluate(targets, outputs).getFloat());
        }
    }
}
