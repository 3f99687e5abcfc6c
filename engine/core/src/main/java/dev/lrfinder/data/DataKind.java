package dev.lrfinder.data;

import dev.lrfinder.base.Checks;
import java.util.Locale;

/** What the targets are, which decides the loss a range test uses by default. */
public enum DataKind {
    /** Class ids {@code 0 .. classes-1}; cross-entropy. */
    CLASSIFICATION("classification"),
    /** One real value per sample; mean squared error. */
    REGRESSION("regression");

    private final String id;

    DataKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** {@code "classification"} or {@code "regression"}, in any case. */
    public static DataKind byId(String id) {
        String wanted = id == null ? "" : id.toLowerCase(Locale.ROOT);
        for (DataKind k : values()) {
            if (k.id.equals(wanted)) {
                return k;
            }
        }
        throw Checks.invalid("kind", id, "classification or regression");
    }
}
