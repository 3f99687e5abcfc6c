package dev.lrfinder.data;

import dev.lrfinder.base.Checks;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which rows go to validation, as one row order: the training rows first, then the validation
 * rows, each in their original order. Seeded: the same data, fraction and seed always give the
 * same split. Stratified, each class keeps its share in both parts (at least one example in each).
 *
 * @param order row {@code k} of the split data is row {@code order[k]} of the data
 * @param trainRows rows before the validation rows
 */
record SplitOrder(int[] order, int trainRows) {

    static SplitOrder of(LoadedData data, double fraction, long seed, boolean stratified) {
        if (!(fraction > 0 && fraction < 1)) {
            throw Checks.invalid("validationSplit", fraction, "a fraction in (0, 1)");
        }
        int n = data.samples();
        boolean[] validation = new boolean[n];
        SplittableRandom random = new SplittableRandom(seed);
        if (stratified && data.kind() == DataKind.CLASSIFICATION) {
            int[][] members = membersByClass(data);
            for (int c = 0; c < members.length; c++) {
                if (members[c].length == 1) {
                    throw Checks.invalid("validationSplit", fraction, "a split the data allows: class '"
                            + data.schema().classNames().get(c) + "' of " + data.source()
                            + " has 1 example, and a stratified split needs 2 or more of every class");
                }
                choose(members[c], fraction, random, validation);
            }
        } else {
            if (n < 2) {
                throw Checks.invalid("validationSplit", fraction, "a split the data allows: " + data.source() + " has 1 sample");
            }
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            choose(all, fraction, random, validation);
        }
        int[] order = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!validation[i]) {
                order[k++] = i;
            }
        }
        int trainRows = k;
        for (int i = 0; i < n; i++) {
            if (validation[i]) {
                order[k++] = i;
            }
        }
        return new SplitOrder(order, trainRows);
    }

    private static int[][] membersByClass(LoadedData data) {
        int[] counts = data.classCounts();
        int[][] members = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            members[c] = new int[counts[c]];
        }
        int[] filled = new int[counts.length];
        for (int i = 0; i < data.samples(); i++) {
            int c = (int) data.target(i);
            members[c][filled[c]++] = i;
        }
        return members;
    }

    // A partial Fisher-Yates shuffle: the first `take` rows of `rows` become validation rows.
    private static void choose(int[] rows, double fraction, SplittableRandom random, boolean[] validation) {
        if (rows.length == 0) {
            return;
        }
        int take = (int) Math.max(1, Math.min(rows.length - 1, Math.round(rows.length * fraction)));
        for (int i = 0; i < take; i++) {
            int j = i + random.nextInt(rows.length - i);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
            validation[rows[i]] = true;
        }
    }
}
