package dev.lrfinder.sweep;

import dev.lrfinder.base.Named;

/** The optimizers a built-in sweep can use; every backend implements all of them. */
public enum OptimizerKind implements Named {
    /** Plain SGD. */
    SGD("sgd", false),
    /** SGD with (heavy-ball) momentum. */
    MOMENTUM("momentum", true),
    /** SGD with Nesterov momentum. */
    NESTEROV("nesterov", true),
    /** Adam; weight decay is added to the gradient (L2), as in {@code torch.optim.Adam}. */
    ADAM("adam", false),
    /** AdamW: decoupled weight decay. */
    ADAMW("adamw", false);

    private final String id;
    private final boolean usesMomentum;

    OptimizerKind(String id, boolean usesMomentum) {
        this.id = id;
        this.usesMomentum = usesMomentum;
    }

    /** The name used in files and on the command line. */
    public String id() {
        return id;
    }

    /** Whether {@link OptimizerSpec#momentum()} means anything to this optimizer. */
    public boolean usesMomentum() {
        return usesMomentum;
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
