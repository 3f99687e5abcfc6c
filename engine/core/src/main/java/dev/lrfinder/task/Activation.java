package dev.lrfinder.task;

import dev.lrfinder.base.Named;

/** Hidden-layer activations of the built-in models. */
public enum Activation implements Named {
    RELU,
    TANH,
    GELU,
    SIGMOID;

    public static Activation byId(String id) {
        return Named.byId(Activation.class, "activation", id);
    }
}
