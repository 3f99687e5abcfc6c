package dev.lrfinder.djl;

import ai.djl.training.tracker.Tracker;

/**
 * The learning-rate tracker the sweep owns: it returns whatever rate the sweep set for the current
 * step, whatever update count the optimizer passes. DJL's own {@code FactorTracker} refuses factors
 * above 1 and counts updates per parameter, so it cannot express a rising per-step schedule.
 */
final class SweepLrTracker implements Tracker {
    private volatile float lr;

    SweepLrTracker(float initialLr) {
        this.lr = initialLr;
    }

    /** The rate every parameter's next update uses. */
    void set(float lr) {
        this.lr = lr;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return lr;
    }
}
