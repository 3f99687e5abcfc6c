package dev.lrfinder.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.lrfinder.sweep.OptimizerSpec;

/**
 * {@code torch.optim.RMSprop}'s rule:
 *
 * <pre>  g += weightDecay * w
 *  s = alpha * s + (1 - alpha) * g^2
 *  avg = sqrt(s - a^2) + eps with a = alpha * a + (1 - alpha) * g (centered), else sqrt(s) + eps
 *  buf = momentum * buf + g / avg; w -= lr * buf    (momentum > 0), else w -= lr * g / avg</pre>
 */
final class TorchRmsprop extends DirectUpdate {
    private static final int SQUARE_AVG = 0;
    private static final int GRAD_AVG = 1;
    private static final int BUFFER = 2;

    private final float alpha;
    private final float eps;
    private float momentum;
    private final boolean centered;
    private final float weightDecay;

    TorchRmsprop(OptimizerSpec spec, Block block, NDManager parent) {
        super(block, parent, 3);
        this.alpha = (float) spec.alpha();
        this.eps = (float) spec.eps();
        this.momentum = (float) spec.momentum();
        this.centered = spec.centered();
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
        NDArray squareAvg = state(index, SQUARE_AVG, NDArray::zerosLike, w);
        squareAvg.muli(alpha).addi(g.square().muli(1 - alpha));
        NDArray avg;
        if (centered) {
            NDArray gradAvg = state(index, GRAD_AVG, NDArray::zerosLike, w);
            gradAvg.muli(alpha).addi(g.mul(1 - alpha));
            avg = squareAvg.sub(gradAvg.square()).sqrt();
        } else {
            avg = squareAvg.sqrt();
        }
        avg.addi(eps);
        if (momentum > 0) {
            NDArray buf = state(index, BUFFER, NDArray::zerosLike, w);
            buf.muli(momentum).addi(g.div(avg));
            w.subi(buf.mul(lr));
        } else {
            w.subi(g.div(avg).muli(lr));
        }
    }
}
