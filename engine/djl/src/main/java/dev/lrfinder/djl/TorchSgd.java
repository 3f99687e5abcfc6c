package dev.lrfinder.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.lrfinder.sweep.OptimizerSpec;

/**
 * {@code torch.optim.SGD}'s rule:
 *
 * <pre>  g += weightDecay * w
 *  buf = g (first step), else buf = momentum * buf + (1 - dampening) * g
 *  g = nesterov ? g + momentum * buf : buf          (with momentum)
 *  w -= lr * g</pre>
 *
 * Plain SGD keeps no state: three calls per parameter.
 */
final class TorchSgd extends DirectUpdate {
    private static final int BUFFER = 0;

    private float momentum;
    private final float dampening;
    private final boolean nesterov;
    private final float weightDecay;

    TorchSgd(OptimizerSpec spec, Block block, NDManager parent) {
        super(block, parent, 1);
        this.momentum = (float) spec.momentum();
        this.dampening = (float) spec.dampening();
        this.nesterov = spec.nesterov();
        this.weightDecay = (float) spec.weightDecay();
    }

    @Override
    void setMomentum(float momentum) {
        this.momentum = momentum;
    }

    @Override
    void update(int index, NDArray w, NDArray g, float lr, long step) {
        if (weightDecay != 0) {
            g.addi(w.mul(weightDecay));
        }
        NDArray direction = g;
        if (momentum != 0) {
            boolean first = !hasState(index, BUFFER);
            NDArray buf = state(index, BUFFER, NDArray::duplicate, g);
            if (!first) {
                buf.muli(momentum).addi(dampening == 0 ? g : g.mul(1 - dampening));
            }
            direction = nesterov ? g.addi(buf.mul(momentum)) : buf;
        }
        // The gradient is scaled in place (it is zeroed next); the momentum buffer is state and is not.
        w.subi(direction == g ? g.muli(lr) : direction.mul(lr));
    }
}
