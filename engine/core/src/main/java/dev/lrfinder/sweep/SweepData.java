package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import dev.lrfinder.task.TrainingData;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a backend opens a session on: the training data and, for validation-loss mode, the
 * validation data. Both are immutable and shared: sessions (and parallel runs) read them without
 * copying them.
 *
 * @param train what the steps train on
 * @param validation what {@link SweepSession#validationLoss()} evaluates on, or empty
 */
public record SweepData(TrainingData train, Optional<TrainingData> validation) {

    public SweepData {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        validation.ifPresent(v -> {
            if (!Arrays.equals(v.sampleShape(), train.sampleShape()) || v.classes() != train.classes()) {
                throw Checks.invalid("validation", v.describe(), "data of the training data's shape ("
                        + train.shapeText() + ", " + train.classes() + " classes)");
            }
        });
    }

    /** Training data alone. */
    public static SweepData of(TrainingData train) {
        return new SweepData(train, Optional.empty());
    }

    /** Training data and validation data. */
    public static SweepData of(TrainingData train, TrainingData validation) {
        return new SweepData(train, Optional.of(validation));
    }

    /**
     * Throws unless sessions can be opened on these data with {@code config}: its batch size fits
     * the training data, and validation-loss mode has validation data and a batch count it holds.
     *
     * @return the validation plan when {@code config} asks for validation losses, else null
     */
    public ValidationPlan check(SweepConfig config) {
        train.checkBatchSize(config.batchSize());
        if (!config.validationLoss()) {
            return null;
        }
        if (validation.isEmpty()) {
            throw Checks.invalid("validationLoss", true, "false without validation data (a validation split or file)");
        }
        return ValidationPlan.of(validation.get().samples(), config.batchSize(), config.validationBatches());
    }

    /** For run records: the training data, and the validation data when there are some. */
    public String describe() {
        return train.describe() + validation.map(v -> ", validation " + v.describe()).orElse("");
    }
}
