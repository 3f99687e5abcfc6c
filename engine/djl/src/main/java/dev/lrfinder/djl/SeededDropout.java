package dev.lrfinder.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.SplittableRandom;

/**
 * {@code nn.Dropout(p)} whose masks come from a generator of its own: DJL's dropout draws from
 * libtorch's one process-wide generator, which runs on other threads would draw from too, so a
 * seed would not mean the same masks. Training: each value zeroed with probability {@code p}, the
 * rest scaled by {@code 1/(1-p)}; evaluation: the identity.
 */
final class SeededDropout extends AbstractBlock {
    private final double p;
    private final SplittableRandom random;

    SeededDropout(double p, long seed) {
        this.p = p;
        this.random = new SplittableRandom(seed);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || p == 0) {
            return inputs;
        }
        float[] keep = new float[Math.toIntExact(x.size())];
        float scale = (float) (1 / (1 - p));
        for (int i = 0; i < keep.length; i++) {
            keep[i] = random.nextDouble() < p ? 0f : scale;
        }
        try (NDArray mask = x.getManager().create(keep, x.getShape())) {
            return new NDList(x.mul(mask));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
