package dev.lrfinder.analysis;

/** The learning-rate schedule a recommendation is meant for. */
public enum Schedule {
    /** The lr held constant for the whole fit (or the start of a step/decay schedule). */
    CONSTANT("constant learning rate"),
    /** The peak of a OneCycle schedule, typically a few times the best constant lr. */
    ONE_CYCLE_PEAK("OneCycle peak learning rate"),
    /** The start of a cosine decay to 0. */
    COSINE_START("cosine decay's starting learning rate");

    /** The schedule a rate for {@code target} is. */
    public static Schedule of(dev.lrfinder.sweep.TrainingSchedule target) {
        return switch (target) {
            case CONSTANT -> CONSTANT;
            case ONE_CYCLE -> ONE_CYCLE_PEAK;
            case COSINE -> COSINE_START;
        };
    }

    private final String description;

    Schedule(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
