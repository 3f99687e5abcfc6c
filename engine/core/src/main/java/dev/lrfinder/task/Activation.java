package dev.lrfinder.task;

import dev.lrfinder.base.Checks;
import java.util.Locale;

/** Hidden-layer activations of the built-in models. */
public enum Activation {
    RELU,
    TANH,
    GELU,
    SIGMOID;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Activation byId(String id) {
        try {
            return valueOf(id.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Checks.invalid("activation", id, "one of relu, tanh, gelu, sigmoid");
        }
    }
}
