package dev.lrfinder.task;

import dev.lrfinder.base.Timeline;

/**
 * The last task's data, kept so that repeated runs of one task ({@code find --runs N}, runs at once,
 * benchmarks) generate it once and share it (the data are never written to). One entry: a process
 * sweeps one task at a time, and a dataset is large.
 */
public final class TaskDataCache {
    /** The process's one cache, which the backends use: data made ahead of the sweeps ({@link #prefetch}) is theirs. */
    public static final TaskDataCache PROCESS = new TaskDataCache();

    private TaskSpec spec;
    private TaskData data;

    /**
     * Starts generating {@code task}'s data on a thread of its own and returns at once: for a
     * caller about to wait on something else (loading libtorch), so that the sessions find it made.
     * A failure there is left for {@link #of} to meet and throw again.
     */
    public void prefetch(TaskSpec task) {
        Thread.ofPlatform().daemon().name("lrfinder-task-data").start(() -> {
            try {
                of(task);
                Timeline.mark("task data made");
            } catch (RuntimeException | OutOfMemoryError e) {
                // of(task) on the caller's path generates it again and throws there
            }
        });
    }

    /** {@code task}'s data, generated only when {@code task} differs from the last one asked for. */
    public synchronized TaskData of(TaskSpec task) {
        if (!task.equals(spec)) {
            data = task.generate();
            spec = task;
        }
        return data;
    }
}
