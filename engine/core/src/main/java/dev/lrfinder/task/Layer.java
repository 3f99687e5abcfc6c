package dev.lrfinder.task;

import java.util.List;

/**
 * One layer of a built-in network as {@link Architectures} lays it out: the description every
 * backend builds from, with every size resolved (no shape inference left to a backend). The
 * PyTorch module each one is, for rebuilding a network by hand, is named on each record.
 *
 * <p>Initialisation, the same rule for every layer with weights: weights uniform in {@code
 * +-1/sqrt(fanIn)} ({@code fanIn = inChannels / groups * kernel * kernel} for a convolution, {@code
 * inFeatures} for a linear layer; PyTorch's default kaiming-uniform with {@code a = sqrt(5)}),
 * biases zero; batch norm's weight 1 and bias 0, running mean 0 and variance 1. Drawn from the
 * run's seed.
 */
public sealed interface Layer {

    /** {@code nn.Conv2d(in, out, kernel, stride, padding, groups=groups, bias=bias)}. */
    record Conv(int in, int out, int kernel, int stride, int padding, int groups, boolean bias) implements Layer {}

    /**
     * {@code nn.BatchNorm1d(features)} on {@code [batch, features]}, {@code nn.BatchNorm2d(features)}
     * on images: eps 1e-5, momentum 0.1; batch statistics in training (running statistics updated),
     * running statistics in evaluation.
     */
    record BatchNorm(int features) implements Layer {}

    /** The activation: {@code nn.ReLU}, {@code nn.Tanh}, {@code nn.GELU} (exact) or {@code nn.Sigmoid}. */
    record Act(Activation activation) implements Layer {}

    /** {@code nn.ReLU6}: {@code min(max(x, 0), 6)}. */
    record Relu6() implements Layer {}

    /** {@code nn.MaxPool2d(kernel, stride, padding)}. */
    record MaxPool(int kernel, int stride, int padding) implements Layer {}

    /** {@code nn.AdaptiveAvgPool2d(1)} then {@code flatten(1)}: {@code [batch, channels]}. */
    record GlobalAvgPool() implements Layer {}

    /** {@code nn.Flatten()}: everything after the batch axis in one. */
    record Flatten() implements Layer {}

    /** {@code nn.Linear(in, out)}. */
    record Linear(int in, int out) implements Layer {}

    /**
     * {@code nn.Dropout(p)}: in training each value is zeroed with probability {@code p} and the rest
     * scaled by {@code 1/(1-p)}, the masks drawn from a generator of the run's own seed; nothing in
     * evaluation.
     */
    record Dropout(double p) implements Layer {}

    /**
     * {@code body(x) + shortcut(x)}, each a sequence; an empty {@code shortcut} is the identity (a
     * ResNet block's and an inverted residual's skip connection).
     */
    record Residual(List<Layer> body, List<Layer> shortcut) implements Layer {
        public Residual {
            body = List.copyOf(body);
            shortcut = List.copyOf(shortcut);
        }
    }
}
