package dev.lrfinder.sweep;

/**
 * Hears a sweep's progress as its losses reach the host (every {@link
 * SweepConfig#lossReadInterval()} steps), on the sweeping thread: keep it quick.
 */
@FunctionalInterface
public interface SweepListener {

    /** Listens to nothing. */
    SweepListener NONE = (recorded, planned, lastLoss) -> {};

    /**
     * @param recordedSteps steps recorded so far
     * @param plannedSteps steps in the schedule
     * @param lastLoss the raw loss of the last recorded step
     */
    void onLosses(int recordedSteps, int plannedSteps, double lastLoss);
}
