package dev.lrfinder.base;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a process spends its time: named instants, printed as a table on stderr at exit when the
 * environment sets {@code LRFINDER_TIMELINE=1}. It is how the README's start-up table is measured
 * ({@code LRFINDER_TIMELINE=1 lrfinder find}); off, a mark costs one boolean test.
 *
 * <p>Times are milliseconds since the launcher started when it exported {@code LRFINDER_LAUNCHED_NS}
 * (its {@code date +%s%N}), else since the JVM started.
 */
public final class Timeline {
    private static final boolean ON = "1".equals(System.getenv("LRFINDER_TIMELINE"));
    private static final List<Mark> MARKS = new ArrayList<>();

    private record Mark(long epochNanos, String thread, String what) {}

    private Timeline() {}

    /** Notes that {@code what} happened now, on the calling thread. */
    public static void mark(String what) {
        if (!ON) {
            return;
        }
        java.time.Instant now = java.time.Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        synchronized (MARKS) {
            MARKS.add(new Mark(nanos, Thread.currentThread().getName(), what));
        }
    }

    /** Prints the marks so far, in time order, each with the time since the start and since the mark before. */
    public static void print(PrintWriter err) {
        if (!ON) {
            return;
        }
        mark("exit");
        List<Mark> marks;
        synchronized (MARKS) {
            marks = new ArrayList<>(MARKS);
        }
        marks.sort((a, b) -> Long.compare(a.epochNanos(), b.epochNanos()));
        long start = start();
        err.println("timeline (ms since " + (System.getenv("LRFINDER_LAUNCHED_NS") != null ? "the launcher" : "JVM start") + ")");
        long before = start;
        for (Mark m : marks) {
            err.printf("%8.1f %+8.1f  %-22s %s%n", (m.epochNanos() - start) / 1e6, (m.epochNanos() - before) / 1e6,
                    m.thread(), m.what());
            before = m.epochNanos();
        }
        err.flush();
    }

    private static long start() {
        String launched = System.getenv("LRFINDER_LAUNCHED_NS");
        if (launched != null) {
            try {
                return Long.parseLong(launched.strip());
            } catch (NumberFormatException e) {
                // not the launcher's: fall back to the JVM's own start
            }
        }
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() * 1_000_000L;
    }
}
