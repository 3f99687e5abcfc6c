package dev.lrfinder.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.lrfinder.task.Layer;
import java.util.List;

/**
 * {@link Layer}s as DJL blocks. DJL's batch norm keeps the running statistics as parameters
 * without gradients (so a parameter snapshot restores them), with momentum 0.9 on the running
 * value, which its PyTorch engine passes to libtorch as PyTorch's 0.1; it keeps no
 * {@code num_batches_tracked}.
 */
final class DjlLayers {
    private DjlLayers() {}

    /** The block for {@code layers}; dropout layers draw their masks from {@code seed}. */
    static SequentialBlock build(List<Layer> layers, long seed) {
        return sequence(layers, new long[] {seed});
    }

    private static SequentialBlock sequence(List<Layer> layers, long[] seed) {
        SequentialBlock net = new SequentialBlock();
        for (Layer layer : layers) {
            net.add(block(layer, seed));
        }
        return net;
    }

    private static Block block(Layer layer, long[] seed) {
        return switch (layer) {
            case Layer.Conv c -> Conv2d.builder()
                    .setKernelShape(new Shape(c.kernel(), c.kernel()))
                    .optStride(new Shape(c.stride(), c.stride()))
                    .optPadding(new Shape(c.padding(), c.padding()))
                    .optGroups(c.groups())
                    .optBias(c.bias())
                    .setFilters(c.out())
                    .build();
            case Layer.BatchNorm b -> BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
            case Layer.Act a -> DjlModels.activation(a.activation());
            case Layer.Relu6 r -> ai.djl.nn.Activation.relu6Block();
            case Layer.MaxPool m -> Pool.maxPool2dBlock(new Shape(m.kernel(), m.kernel()),
                    new Shape(m.stride(), m.stride()), new Shape(m.padding(), m.padding()));
            case Layer.GlobalAvgPool g -> new SequentialBlock()
                    .add(Pool.globalAvgPool2dBlock())
                    .add(Blocks.batchFlattenBlock());
            case Layer.Flatten f -> Blocks.batchFlattenBlock();
            case Layer.Linear l -> Linear.builder().setUnits(l.out()).build();
            // Each dropout layer its own stream, in layer order.
            case Layer.Dropout d -> new SeededDropout(d.p(), seed[0]++ * 0x9E3779B97F4A7C15L);
            case Layer.Residual r -> new ParallelBlock(DjlLayers::sum, List.of(sequence(r.body(), seed),
                    r.shortcut().isEmpty() ? Blocks.identityBlock() : sequence(r.shortcut(), seed)));
        };
    }

    private static NDList sum(List<NDList> branches) {
        NDArray body = branches.get(0).singletonOrThrow();
        return new NDList(body.add(branches.get(1).singletonOrThrow()));
    }
}
