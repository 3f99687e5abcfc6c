package dev.lrfinder;

import dev.lrfinder.sweep.SweepListener;
import dev.lrfinder.sweep.SweepResult;

/** Hears how the runs of an {@link LrFinder} go: a progress bar, a log line per run. */
public interface RunProgress {

    /** Hears nothing. */
    RunProgress NONE = new RunProgress() {};

    /** The listener for run {@code run} (from 1) while it sweeps; told every block of losses. */
    default SweepListener forRun(int run, int plannedSteps) {
        return SweepListener.NONE;
    }

    /** Run {@code run} (from 1) has finished and the model is restored. */
    default void runDone(int run, SweepResult result) {}
}
