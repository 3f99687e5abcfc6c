package dev.lrfinder.task;

import dev.lrfinder.base.Checks;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Training data with a seeded share of its rows held out for validation: what a short fit is scored
 * on when the data came without validation data (a built-in task). The rows are copied once, each
 * part into a block of its own; the training part keeps the data's augmentation, the held-out part
 * has none.
 *
 * @param train the rows trained on
 * @param validation the rows held out
 */
public record HeldOut(TrainingData train, TrainingData validation) {

    /**
     * {@code fraction} of {@code data}'s rows (at least one, and at least one left to train on), drawn
     * by a shuffle seeded with {@code seed}; for classes, the same share of every class (a class
     * with one row stays in training).
     */
    public static HeldOut split(TrainingData data, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw Checks.invalid("fraction", fraction, "a number in (0, 1)");
        }
        int n = data.samples();
        if (n < 2) {
            throw Checks.invalid("samples", n, "at least 2 to hold some out");
        }
        float[] targets = data.targets();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] held = new boolean[n];
        int heldCount = 0;
        if (data.isClassification()) {
            int[] perClass = new int[data.classes()];
            for (float t : targets) {
                perClass[(int) t]++;
            }
            int[] taken = new int[data.classes()];
            for (int row : order) {
                int c = (int) targets[row];
                if (taken[c] < Math.floor(perClass[c] * fraction)) {
                    taken[c]++;
                    held[row] = true;
                    heldCount++;
                }
            }
        }
        int wanted = Math.max(1, Math.min(n - 1, (int) Math.round(n * fraction)));
        for (int i = 0; heldCount < wanted && i < n; i++) { // regression, or classes too small to share
            if (!held[order[i]]) {
                held[order[i]] = true;
                heldCount++;
            }
        }
        int[] trainRows = new int[n - heldCount];
        int[] heldRows = new int[heldCount];
        for (int row = 0, t = 0, h = 0; row < n; row++) {
            if (held[row]) {
                heldRows[h++] = row;
            } else {
                trainRows[t++] = row;
            }
        }
        FloatBuffer features = data.features();
        return new HeldOut(Rows.of(data, features, targets, trainRows, true, "train part"),
                Rows.of(data, features, targets, heldRows, false, "held-out part"));
    }

    /** A selection of another data set's rows, copied. */
    private record Rows(TrainingData parent, float[] rowFeatures, float[] rowTargets, int samples, boolean augmented,
            String part) implements TrainingData {

        static Rows of(TrainingData parent, FloatBuffer all, float[] allTargets, int[] rows, boolean augmented, String part) {
            int size = parent.featureSize();
            float[] features = new float[rows.length * size];
            float[] targets = new float[rows.length];
            for (int i = 0; i < rows.length; i++) {
                all.get(rows[i] * size, features, i * size, size);
                targets[i] = allTargets[rows[i]];
            }
            return new Rows(parent, features, targets, rows.length, augmented, part);
        }

        @Override
        public FloatBuffer features() {
            return FloatBuffer.wrap(rowFeatures).asReadOnlyBuffer();
        }

        @Override
        public float[] targets() {
            return rowTargets.clone();
        }

        @Override
        public long[] sampleShape() {
            return parent.sampleShape();
        }

        @Override
        public int classes() {
            return parent.classes();
        }

        @Override
        public String describe() {
            return parent.describe() + ", " + part + " (" + samples + " samples)";
        }

        @Override
        public double augmentNoise() {
            return augmented ? parent.augmentNoise() : 0;
        }

        @Override
        public boolean augmentFlips() {
            return augmented && parent.augmentFlips();
        }

        @Override
        public BatchTransform newAugmenter(long seed) {
            return augmented ? parent.newAugmenter(seed) : null;
        }
    }
}
