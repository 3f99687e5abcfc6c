package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The validation rows a session evaluates after every step, the same every time: all of the
 * validation data in order, or the first {@code batches} batches of one seeded shuffle of it.
 * Batches are consecutive runs of {@link #rows()} of {@link #batchSize()} rows, the last one
 * possibly shorter.
 *
 * @param rows the validation rows, in evaluation order
 * @param batchSize rows per forward pass
 */
public record ValidationPlan(long[] rows, int batchSize) {

    /**
     * Seeds the shuffle a limited plan takes its batches from. Fixed, so that every run of a find
     * evaluates on the same rows and the runs' validation curves compare; change it to see how much
     * the choice of rows moves them.
     */
    public static final long DEFAULT_SEED = 0x5EED_7A1L;

    public ValidationPlan {
        rows = rows.clone();
        if (rows.length == 0) {
            throw Checks.invalid("rows", "[]", "at least one validation row");
        }
        Checks.inRange("batchSize", batchSize, 1, 1 << 20);
    }

    /**
     * The plan for {@code samples} validation rows in batches of {@code batchSize}: all of them
     * ({@code batches = 0}), or {@code batches} batches of a shuffle.
     */
    public static ValidationPlan of(int samples, int batchSize, int batches) {
        Checks.inRange("samples", samples, 1, Integer.MAX_VALUE);
        int available = (int) ((samples + (long) batchSize - 1) / batchSize);
        if (batches < 0 || batches > available) {
            throw Checks.invalid("validationBatches", batches, "in [0, " + available + "]: the validation data's "
                    + samples + " samples make " + available + " batch" + (available == 1 ? "" : "es") + " of " + batchSize
                    + " (0 is all of them)");
        }
        long[] order = new long[samples];
        Arrays.setAll(order, i -> i);
        if (batches == 0) {
            return new ValidationPlan(order, batchSize);
        }
        SplittableRandom random = new SplittableRandom(DEFAULT_SEED);
        for (int i = samples - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new ValidationPlan(Arrays.copyOf(order, (int) Math.min(samples, (long) batches * batchSize)), batchSize);
    }

    @Override
    public long[] rows() {
        return rows.clone();
    }
}
