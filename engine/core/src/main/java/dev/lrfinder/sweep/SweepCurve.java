package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import java.util.Locale;

/** Which recorded loss a sweep's divergence rule and suggestions read. */
public enum SweepCurve {
    /** The loss of the batch each step trained on. */
    TRAIN("train"),
    /** The loss on the validation data after each step ({@link SweepConfig#validationLoss()}). */
    VALIDATION("val");

    private final String id;

    SweepCurve(String id) {
        this.id = id;
    }

    /** {@code train} or {@code val}. */
    public String id() {
        return id;
    }

    public static SweepCurve byId(String id) {
        String wanted = id == null ? "" : id.toLowerCase(Locale.ROOT);
        for (SweepCurve c : values()) {
            if (c.id.equals(wanted)) {
                return c;
            }
        }
        throw Checks.invalid("curve", id, "train or val");
    }
}
