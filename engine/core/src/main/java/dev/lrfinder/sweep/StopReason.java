package dev.lrfinder.sweep;

/** Why a sweep ended. None of these is an error: divergence is what a range test looks for. */
public enum StopReason {
    /** Every step of the schedule ran. */
    COMPLETED,
    /** The smoothed loss crossed the divergence threshold; the curve ends at that step. */
    DIVERGED,
    /** A loss was NaN or infinite; the curve ends at that step, which is kept. */
    NON_FINITE,
    /** The sweeping thread was interrupted; the curve holds the steps done so far. */
    INTERRUPTED
}
