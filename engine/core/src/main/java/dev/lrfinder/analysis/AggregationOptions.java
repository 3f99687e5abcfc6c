package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;

/**
 * Parameters of {@link RunAggregation}: the bootstrap and the consensus grid.
 *
 * @param bootstrapSeed the seed of the bootstrap, so that summaries are reproducible
 * @param bootstrapResamples the number of bootstrap resamples, at least 100
 * @param consensusPoints the number of consensus grid points, or 0 for the median run length
 */
public record AggregationOptions(long bootstrapSeed, int bootstrapResamples, int consensusPoints) {

    /** Any fixed seed makes summaries reproducible; change it only to check that a result is not luck. */
    public static final long DEFAULT_BOOTSTRAP_SEED = 20240601L;

    /**
     * 1,000 resamples put the 2.5% and 97.5% percentiles on 25 resampled means each: stable to a few
     * percent of the interval's width, and fast enough to summarise 1,000 runs in milliseconds. Raise
     * it for publication-grade intervals.
     */
    public static final int DEFAULT_BOOTSTRAP_RESAMPLES = 1_000;

    /** The consensus grid gets as many points as the median run: the index-based rules see the same density. */
    public static final int AUTO_CONSENSUS_POINTS = 0;

    /** The interval's coverage: 95%. */
    public static final double CONFIDENCE_LEVEL = 0.95;

    public AggregationOptions {
        if (bootstrapResamples < 100) {
            throw Checks.invalid("bootstrapResamples", bootstrapResamples, "an integer >= 100");
        }
        if (consensusPoints < 0 || consensusPoints == 1) {
            throw Checks.invalid("consensusPoints", consensusPoints, "0 (automatic) or an integer >= 2");
        }
    }

    /** The documented defaults. */
    public static AggregationOptions defaults() {
        return new AggregationOptions(DEFAULT_BOOTSTRAP_SEED, DEFAULT_BOOTSTRAP_RESAMPLES, AUTO_CONSENSUS_POINTS);
    }

    public AggregationOptions withBootstrapSeed(long seed) {
        return new AggregationOptions(seed, bootstrapResamples, consensusPoints);
    }

    public AggregationOptions withBootstrapResamples(int resamples) {
        return new AggregationOptions(bootstrapSeed, resamples, consensusPoints);
    }

    public AggregationOptions withConsensusPoints(int points) {
        return new AggregationOptions(bootstrapSeed, bootstrapResamples, points);
    }
}
