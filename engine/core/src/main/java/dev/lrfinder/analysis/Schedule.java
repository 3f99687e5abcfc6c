package dev.lrfinder.analysis;

/** The learning-rate schedule a recommendation is meant for. */
public enum Schedule {
    /** The lr held constant for the whole fit (or the start of a step/decay schedule). */
    CONSTANT("constant learning rate"),
    /** The peak of a OneCycle schedule, typically a few times the best constant lr. */
    ONE_CYCLE_PEAK("OneCycle peak learning rate");

    private final String description;

    Schedule(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
