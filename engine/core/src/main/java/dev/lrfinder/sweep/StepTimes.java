package dev.lrfinder.sweep;

import java.util.Arrays;

/**
 * How long single steps took, in milliseconds: the median says what a step costs, the 90th
 * percentile how steady that is (a second busy process or JIT warm-up shows up there first).
 *
 * @param median the median step time
 * @param p90 the 90th percentile (nearest rank)
 * @param max the slowest step
 */
public record StepTimes(double median, double p90, double max) {

    /** No steps ran. */
    public static final StepTimes NONE = new StepTimes(Double.NaN, Double.NaN, Double.NaN);

    /** From per-step durations in nanoseconds (only the first {@code count} are used). */
    public static StepTimes ofNanos(long[] nanos, int count) {
        if (count == 0) {
            return NONE;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new StepTimes(
                millis(count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2),
                millis(sorted[(int) Math.ceil(0.9 * count) - 1]),
                millis(sorted[count - 1]));
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
