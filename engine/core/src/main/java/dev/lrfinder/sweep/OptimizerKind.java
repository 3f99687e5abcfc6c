package dev.lrfinder.sweep;

import dev.lrfinder.base.Named;

/**
 * The optimizers a built-in sweep can use, by {@code torch.optim}'s names; every backend implements
 * all of them with torch.optim's update rules. {@link #MOMENTUM} and {@link #NESTEROV} are
 * shorthands kept from before: {@code sgd} with momentum 0.9 (and Nesterov); a spec built from them
 * is an {@link #SGD} spec.
 */
public enum OptimizerKind implements Named {
    /** {@code torch.optim.SGD}: momentum, dampening, Nesterov, weight decay (L2). */
    SGD("sgd"),
    /** Shorthand: {@code sgd} with momentum 0.9. */
    MOMENTUM("momentum"),
    /** Shorthand: {@code sgd} with momentum 0.9 and Nesterov. */
    NESTEROV("nesterov"),
    /** {@code torch.optim.Adam}: betas, eps; weight decay added to the gradient (L2). */
    ADAM("adam"),
    /** {@code torch.optim.AdamW}: betas, eps; decoupled weight decay (default 0.01). */
    ADAMW("adamw"),
    /** {@code torch.optim.RMSprop}: alpha, eps, momentum, centered, weight decay (L2). */
    RMSPROP("rmsprop");

    private final String id;

    OptimizerKind(String id) {
        this.id = id;
    }

    /** The name used in files and on the command line. */
    public String id() {
        return id;
    }

    /** Whether this is one of the shorthands for {@link #SGD} with momentum. */
    public boolean isShorthand() {
        return this == MOMENTUM || this == NESTEROV;
    }

    /** Looks an optimizer up by its {@link #id()}, ignoring case. */
    public static OptimizerKind byId(String id) {
        return Named.byId(OptimizerKind.class, "optimizer", id);
    }

    /** All ids, comma separated, for messages and help. */
    public static String ids() {
        return Named.ids(OptimizerKind.class);
    }
}
