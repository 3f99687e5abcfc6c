package dev.lrfinder.task;

/**
 * The last task's data, kept so that repeated runs of one task ({@code find --runs N}, benchmarks)
 * generate it once. One entry: a backend sweeps one task at a time, and a dataset is large.
 */
public final class TaskDataCache {
    private TaskSpec spec;
    private TaskData data;

    /** {@code task}'s data, generated only when {@code task} differs from the last one asked for. */
    public synchronized TaskData of(TaskSpec task) {
        if (!task.equals(spec)) {
            data = task.generate();
            spec = task;
        }
        return data;
    }
}
