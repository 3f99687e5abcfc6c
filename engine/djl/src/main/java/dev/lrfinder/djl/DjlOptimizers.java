package dev.lrfinder.djl;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import dev.lrfinder.sweep.OptimizerSpec;

/** Builds the DJL optimizer named by an {@link OptimizerSpec}, driven by the sweep's tracker. */
final class DjlOptimizers {
    private DjlOptimizers() {}

    static Optimizer create(OptimizerSpec spec, ParameterTracker lr) {
        float decay = (float) spec.weightDecay();
        float momentum = (float) spec.momentum();
        return switch (spec.kind()) {
            case SGD -> Optimizer.sgd().setLearningRateTracker(lr).optWeightDecays(decay).build();
            case MOMENTUM -> Optimizer.sgd()
                    .setLearningRateTracker(lr)
                    .optMomentum(momentum)
                    .optWeightDecays(decay)
                    .build();
            case NESTEROV -> NesterovSgd.builder()
                    .setLearningRateTracker(lr)
                    .setMomentum(momentum)
                    .optWeightDecays(decay)
                    .build();
            case ADAM -> Optimizer.adam().optLearningRateTracker(lr).optWeightDecays(decay).build();
            case ADAMW -> Optimizer.adamW().optLearningRateTracker(lr).optWeightDecays(decay).build();
        };
    }
}
