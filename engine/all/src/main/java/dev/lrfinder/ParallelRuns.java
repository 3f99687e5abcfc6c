package dev.lrfinder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code count} independent jobs, at most {@code parallel} at once, and gives their results in
 * job order, as if they had run one after another on the caller's thread:
 *
 * <ul>
 *   <li>A job's thread opens, steps and closes everything the job makes (a backend's session is
 *       confined to its thread), and each job starts on a thread of its own state: the libtorch
 *       thread count is set per session, on that thread.
 *   <li>When a job throws, no further job starts, the running ones are interrupted (their sweeps
 *       stop and restore their models), and once all have ended the first failure is thrown with
 *       the others suppressed.
 *   <li>When the caller is interrupted while it waits, every running job is interrupted and every
 *       later one starts interrupted (its sweep ends at once, as a sequential one would with the
 *       interrupt still set); the results are returned with the caller's interrupt set again.
 * </ul>
 */
public final class ParallelRuns {
    /** One job: run {@code index} (from 0). */
    @FunctionalInterface
    public interface Job<T> {
        T run(int index);
    }

    private ParallelRuns() {}

    public static <T> List<T> run(int count, int parallel, Job<T> job) {
        if (parallel <= 1 || count <= 1) {
            List<T> results = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                results.add(job.run(i));
            }
            return results;
        }
        Object[] results = new Object[count];
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < count && failure.get() == null; i = next.getAndIncrement()) {
                if (interrupted.get()) {
                    Thread.currentThread().interrupt();
                }
                try {
                    results[i] = job.run(i);
                } catch (RuntimeException | Error e) {
                    if (!failure.compareAndSet(null, e) && !sameFailure(failure.get(), e)) {
                        failure.get().addSuppressed(e);
                    }
                    workers.forEach(w -> {
                        if (w != Thread.currentThread()) {
                            w.interrupt();
                        }
                    });
                    return;
                }
            }
        };
        for (int w = 0; w < Math.min(parallel, count); w++) {
            workers.add(Thread.ofPlatform().daemon().name("lrfinder-run-" + (w + 1)).unstarted(work));
        }
        workers.forEach(Thread::start); // the list is complete before any worker reads it
        for (Thread worker : workers) {
            joinUninterruptibly(worker, () -> {
                interrupted.set(true);
                workers.forEach(Thread::interrupt);
            });
        }
        if (interrupted.get()) {
            Thread.currentThread().interrupt();
        }
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) Arrays.asList(results);
        return List.copyOf(list);
    }

    /**
     * Whether {@code later} only repeats {@code first} (a missing native library fails every run the
     * same way): suppressing it would print the same message once per run.
     */
    private static boolean sameFailure(Throwable first, Throwable later) {
        return first.getClass() == later.getClass() && Objects.equals(first.getMessage(), later.getMessage());
    }

    /** Waits for {@code thread} to end; {@code onInterrupt} is told each time the caller is interrupted meanwhile. */
    private static void joinUninterruptibly(Thread thread, Runnable onInterrupt) {
        while (true) {
            try {
                thread.join();
                return;
            } catch (InterruptedException e) {
                onInterrupt.run();
            }
        }
    }
}
