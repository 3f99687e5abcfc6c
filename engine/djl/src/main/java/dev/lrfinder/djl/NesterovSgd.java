package dev.lrfinder.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SGD with Nesterov momentum as {@code torch.optim.SGD(nesterov=True, dampening=0)} computes it:
 *
 * <pre>  g = grad + weightDecay * w;   buf = momentum * buf + g;   w -= lr * (g + momentum * buf)</pre>
 *
 * <p>DJL's own {@code Nag} optimizer is not implemented by its PyTorch engine (its update throws
 * "Not implemented"), so the {@code nesterov} optimizer is written here in NDArray operations.
 */
final class NesterovSgd extends Optimizer {
    private final ParameterTracker learningRate;
    private final float momentum;
    private final Map<String, Map<Device, NDArray>> buffers = new ConcurrentHashMap<>();

    private NesterovSgd(Builder builder) {
        super(builder);
        this.learningRate = builder.learningRate;
        this.momentum = builder.momentum;
    }

    static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = learningRate.getNewValue(parameterId, updateCount(parameterId));
        float decay = getWeightDecay();
        NDArray buf = withDefaultState(buffers, parameterId, weight.getDevice(), k -> weight.zerosLike());
        try (NDArray g = grad.mul(rescaleGrad)) {
            if (decay != 0) {
                try (NDArray decayTerm = weight.mul(decay)) {
                    g.addi(decayTerm);
                }
            }
            buf.muli(momentum).addi(g);
            try (NDArray step = buf.mul(momentum)) {
                step.addi(g).muli(lr);
                weight.subi(step);
            }
        }
    }

    /** Momentum is required; weight decay as for every DJL optimizer. */
    static final class Builder extends OptimizerBuilder<Builder> {
        private ParameterTracker learningRate;
        private float momentum;

        @Override
        protected Builder self() {
            return this;
        }

        Builder setLearningRateTracker(ParameterTracker learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        Builder setMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        NesterovSgd build() {
            if (learningRate == null) {
                throw new IllegalArgumentException("learningRateTracker = null: must be set");
            }
            return new NesterovSgd(this);
        }
    }
}
