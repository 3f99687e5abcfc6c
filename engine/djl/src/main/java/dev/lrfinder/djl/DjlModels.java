package dev.lrfinder.djl;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import dev.lrfinder.task.Activation;
import dev.lrfinder.task.Architectures;
import dev.lrfinder.task.ModelSpec;

/** The built-in models of {@link ModelSpec} as DJL blocks; all but the plain MLP and CNN through {@link DjlLayers}. */
final class DjlModels {
    private DjlModels() {}

    /**
     * The block for {@code spec} on samples of {@code sampleShape} with {@code outputs} output units;
     * dropout draws from {@code seed}.
     */
    static Block build(ModelSpec spec, long[] sampleShape, int outputs, long seed) {
        return spec.isLayered() ? DjlLayers.build(Architectures.layers(spec, sampleShape, outputs), seed)
                : build(spec, outputs);
    }

    /** The block for the plain MLP or CNN {@code spec} with {@code outputs} output units. */
    static Block build(ModelSpec spec, int outputs) {
        if (spec.isLayered()) {
            throw new IllegalArgumentException(spec.describe() + ": needs the sample shape and a seed");
        }
        SequentialBlock net = new SequentialBlock();
        switch (spec.kind()) {
            case MLP -> {
                net.add(Blocks.batchFlattenBlock());
                for (int width : spec.widths()) {
                    net.add(Linear.builder().setUnits(width).build());
                    net.add(activation(spec.activation()));
                }
            }
            default -> {
                for (int filters : spec.widths()) {
                    net.add(Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .optPadding(new Shape(1, 1))
                            .setFilters(filters)
                            .build());
                    net.add(activation(spec.activation()));
                    net.add(Pool.maxPool2dBlock(new Shape(2, 2)));
                }
                net.add(Blocks.batchFlattenBlock());
            }
        }
        net.add(Linear.builder().setUnits(outputs).build());
        return net;
    }

    /**
     * Weights uniform in {@code +-1/sqrt(fanIn)}: Xavier with factor "in" and magnitude 1 (bound
     * {@code sqrt(magnitude / fanIn)}), the bound PyTorch's default init gives Linear and Conv
     * weights. DJL initialises biases to zero on its own.
     */
    static Initializer weightInitializer() {
        return new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1f);
    }

    static Block activation(Activation activation) {
        return switch (activation) {
            case RELU -> ai.djl.nn.Activation.reluBlock();
            case TANH -> ai.djl.nn.Activation.tanhBlock();
            case GELU -> ai.djl.nn.Activation.geluBlock();
            case SIGMOID -> ai.djl.nn.Activation.sigmoidBlock();
        };
    }
}
