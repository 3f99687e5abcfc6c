package dev.lrfinder.analysis;

/**
 * fastai's valley rule: the longest strictly decreasing subsequence (not a contiguous run) of the
 * loss, found by fastai as an O(n^2) dynamic programme.
 *
 * <p>fastai keeps the first end index {@code e} that attains the maximum length {@code L}, sets
 * {@code start = e - L} (one before the subsequence's first possible point) and answers
 * {@code idx = start + floor((e - start)/3) + floor((e - start)/6)}, about half-way in. This class
 * computes the same {@code L} and {@code e} in O(n log n) with the patience-sorting form of the same
 * recurrence ({@code lds[i] = 1 + max lds[j] over j < i with loss[j] > loss[i]}), which gives each
 * point the same length as fastai's double loop and so the same first maximum.
 */
final class Valley {

    private Valley() {
    }

    /**
     * The length {@code L} of the longest strictly decreasing subsequence and the first index
     * {@code e} where one of that length ends; {@code {1, 0}} for a curve that never decreases and
     * {@code {0, 0}} for an empty one. Values are compared with {@code <}, so NaN never extends a
     * subsequence, as in fastai.
     */
    static int[] longestDecreasing(double[] values) {
        int n = values.length;
        if (n == 0) {
            return new int[] {0, 0};
        }
        // tails[k]: the largest last value of a strictly decreasing subsequence of length k + 1.
        double[] tails = new double[n];
        int size = 0;
        int bestLength = 0;
        int bestEnd = 0;
        for (int i = 0; i < n; i++) {
            double x = values[i];
            // First k with tails[k] <= x (not strictly above x); tails is strictly decreasing.
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (tails[mid] > x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if (Double.isNaN(x)) {
                // NaN compares false with everything: fastai gives it length 1 and it extends nothing.
                if (bestLength < 1) {
                    bestLength = 1;
                    bestEnd = i;
                }
                continue;
            }
            tails[lo] = x;
            if (lo == size) {
                size++;
            }
            int length = lo + 1;
            if (length > bestLength) {
                bestLength = length;
                bestEnd = i;
            }
        }
        return new int[] {bestLength, bestEnd};
    }

    /**
     * fastai's index for a valley of length {@code length} ending at {@code end}. It can be -1
     * (length 2 ending at index 1), which Python then reads as the last point.
     */
    static int fastaiIndex(int length, int end) {
        if (length <= 1) {
            // fastai never moves max_start/max_end from 0 when nothing decreases.
            return 0;
        }
        int start = end - length;
        int span = end - start;
        return start + span / 3 + span / 6;
    }
}
