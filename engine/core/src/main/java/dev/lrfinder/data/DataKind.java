package dev.lrfinder.data;

import dev.lrfinder.base.Named;

/** What the targets are, which decides the loss a range test uses by default. */
public enum DataKind implements Named {
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
        return Named.byId(DataKind.class, "kind", id);
    }
}
