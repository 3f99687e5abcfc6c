package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;

/**
 * An optimizer and its hyper-parameters other than the learning rate, which the sweep owns.
 *
 * @param kind which optimizer
 * @param momentum momentum for {@link OptimizerKind#MOMENTUM} and {@link OptimizerKind#NESTEROV},
 *     in [0, 1); ignored by the others
 * @param weightDecay weight decay, {@code >= 0}
 */
public record OptimizerSpec(OptimizerKind kind, double momentum, double weightDecay) {

    /** Momentum when none is given: the common choice for SGD with momentum. */
    public static final double DEFAULT_MOMENTUM = 0.9;

    public OptimizerSpec {
        if (kind == null) {
            throw Checks.invalid("optimizer", null, "one of " + OptimizerKind.ids());
        }
        Checks.inHalfOpen("momentum", momentum, 0, 1);
        Checks.nonNegative("weightDecay", weightDecay);
    }

    /** {@code kind} with the default momentum and no weight decay. */
    public static OptimizerSpec of(OptimizerKind kind) {
        return new OptimizerSpec(kind, DEFAULT_MOMENTUM, 0);
    }
}
