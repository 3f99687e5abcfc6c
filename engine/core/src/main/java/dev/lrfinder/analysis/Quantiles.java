package dev.lrfinder.analysis;

/**
 * Percentiles with numpy's default (linear) interpolation, by in-place selection in O(n) rather
 * than a sort, since the consensus curve takes three of them at every grid point.
 */
final class Quantiles {

    private Quantiles() {
    }

    /**
     * The {@code p}-th quantile (p in [0, 1]) of {@code values[0..length)}, which it reorders:
     * position {@code p * (length - 1)} interpolated linearly between its two order statistics.
     */
    static double percentile(double[] values, int length, double p) {
        double position = p * (length - 1);
        int lower = (int) Math.floor(position);
        double fraction = position - lower;
        double low = select(values, length, lower);
        if (fraction == 0 || lower + 1 >= length) {
            return low;
        }
        // After selecting, everything right of `lower` is >= it: the next order statistic is their minimum.
        double high = values[lower + 1];
        for (int i = lower + 2; i < length; i++) {
            high = Math.min(high, values[i]);
        }
        return low + fraction * (high - low);
    }

    /**
     * The 25th, 50th and 75th percentiles of {@code values[0..length)} into {@code out}, reordering
     * the array. Each selection leaves everything right of its index no smaller than it, so the next,
     * higher quantile is selected among those only.
     */
    static void quartiles(double[] values, int length, double[] out) {
        int from = 0;
        for (int q = 0; q < 3; q++) {
            double position = 0.25 * (q + 1) * (length - 1);
            int lower = (int) Math.floor(position);
            double fraction = position - lower;
            if (lower >= from) {
                select(values, from, length, lower);
                from = lower + 1;
            }
            double low = values[lower];
            double value = low;
            if (fraction > 0 && lower + 1 < length) {
                double high = values[lower + 1];
                for (int i = lower + 2; i < length; i++) {
                    high = Math.min(high, values[i]);
                }
                value = low + fraction * (high - low);
            }
            out[q] = value;
        }
    }

    /** The k-th smallest of {@code values[0..length)}, partitioning the array around it (Hoare's quickselect). */
    static double select(double[] values, int length, int k) {
        return select(values, 0, length, k);
    }

    /**
     * The k-th smallest (0-based over the whole array) within {@code values[from..to)}, partitioning
     * that range around it: quickselect with a median-of-three pivot and a branch-free Lomuto
     * partition. The values of one consensus column come in no useful order, so a branching partition
     * mispredicts about every other comparison; here the comparison only moves an index.
     */
    static double select(double[] values, int from, int to, int k) {
        int left = from;
        int right = to - 1;
        while (right > left) {
            int mid = (left + right) >>> 1;
            if (values[mid] < values[left]) {
                swap(values, mid, left);
            }
            if (values[right] < values[left]) {
                swap(values, right, left);
            }
            if (values[right] < values[mid]) {
                swap(values, right, mid);
            }
            // Pivot (the median of three) to the end, partition [left, right) by "< pivot"; values equal
            // to the pivot go to either side alternately, or a column of equal values (identical runs)
            // would shrink by one element per round, quadratically.
            swap(values, mid, right);
            double pivot = values[right];
            int store = left;
            for (int i = left; i < right; i++) {
                double value = values[i];
                values[i] = values[store];
                values[store] = value;
                store += (value < pivot | (value == pivot & (i & 1) == 0)) ? 1 : 0;
            }
            swap(values, store, right);
            if (k == store) {
                return values[k];
            }
            if (k < store) {
                right = store - 1;
            } else {
                left = store + 1;
            }
        }
        return values[k];
    }

    private static void swap(double[] values, int a, int b) {
        double t = values[a];
        values[a] = values[b];
        values[b] = t;
    }
}
