package dev.lrfinder.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;

/**
 * {@code torch.optim.Adam}'s and {@code AdamW}'s rule:
 *
 * <pre>  AdamW: w *= 1 - lr * weightDecay        Adam: g += weightDecay * w
 *  m = beta1 * m + (1 - beta1) * g;   v = beta2 * v + (1 - beta2) * g^2
 *  w -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)</pre>
 */
final class TorchAdam extends DirectUpdate {
    private static final int FIRST = 0;
    private static final int SECOND = 1;

    private final boolean decoupled;
    private float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;

    TorchAdam(OptimizerSpec spec, Block block, NDManager parent) {
        super(block, parent, 2);
        this.decoupled = spec.kind() == OptimizerKind.ADAMW;
        this.beta1 = (float) spec.beta1();
        this.beta2 = (float) spec.beta2();
        this.eps = (float) spec.eps();
        this.weightDecay = (float) spec.weightDecay();
    }

    /** beta1: torch's bias correction then uses the current beta1 to the step's power, as this does. */
    @Override
    void setMomentum(float momentum) {
        this.beta1 = momentum;
    }

    @Override
    void update(int index, NDArray w, NDArray g, float lr, long step) {
        if (weightDecay != 0) {
            if (decoupled) {
                w.muli(1 - lr * weightDecay);
            } else {
                g.addi(w.mul(weightDecay));
            }
        }
        NDArray m = state(index, FIRST, NDArray::zerosLike, w);
        NDArray v = state(index, SECOND, NDArray::zerosLike, w);
        m.muli(beta1).addi(g.mul(1 - beta1));
        v.muli(beta2).addi(g.square().muli(1 - beta2));
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = Math.sqrt(1 - Math.pow(beta2, step));
        NDArray denominator = v.sqrt().divi((float) correction2).addi(eps);
        w.subi(m.div(denominator).muli((float) (lr / correction1)));
    }
}
