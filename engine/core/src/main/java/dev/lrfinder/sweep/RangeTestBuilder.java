package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;

/**
 * What every backend's range-test builder collects besides its model, data and loss: the config,
 * a listener and a description for the run record, turned into the {@link SweepLoop} that runs the
 * test.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class RangeTestBuilder<B extends RangeTestBuilder<B>> {
    private SweepConfig config = SweepConfig.defaults();
    private SweepListener listener = SweepListener.NONE;
    private String task;

    protected RangeTestBuilder() {}

    /** The sweep's range, schedule, seed, divergence rule, optimizer and threads; defaults otherwise. */
    public B optConfig(SweepConfig config) {
        this.config = config;
        return self();
    }

    /** Told as losses reach the host, every {@code lossReadInterval} steps (a progress bar). */
    public B optListener(SweepListener listener) {
        this.listener = listener;
        return self();
    }

    /** A short description of the model and data, for the run record. */
    public B optTaskDescription(String task) {
        this.task = task;
        return self();
    }

    /** The config as set (checked by {@link #loop}). */
    protected SweepConfig config() {
        return config;
    }

    /** The loop these settings make, described as {@code defaultTask} unless a description was set. */
    protected SweepLoop loop(String defaultTask) {
        if (config == null) {
            throw Checks.invalid("config", null, "a SweepConfig");
        }
        return SweepLoop.builder()
                .setConfig(config)
                .optListener(listener)
                .optTaskDescription(task != null ? task : defaultTask)
                .build();
    }

    /** {@code this}, as the concrete builder. */
    protected abstract B self();
}
