package dev.lrfinder.analysis;

/**
 * How far a multi-run recommendation can be trusted, from the number of runs that answered, the
 * runs that did not, and the spread of their answers measured by the geometric standard deviation
 * (gsd: a gsd of 1.5 means a typical run is within a factor 1.5 of the geometric mean).
 *
 * <p>Why these thresholds: the loss after a short fit is usually flat within about a factor 2 to 3
 * of the best learning rate, so runs within a factor 1.5 of each other point at the same basin;
 * beyond 2.5 they disagree by more than that basin and the geometric mean is a compromise no run
 * chose. The spread of a single run is unknown, hence LOW.
 */
public enum Confidence {
    /** At least {@link #HIGH_MIN_RUNS} runs answered, none failed to, and {@code gsd <=} {@link #HIGH_MAX_GSD}. */
    HIGH,
    /** At least {@link #MEDIUM_MIN_RUNS} answered, at most {@link #MEDIUM_MAX_MISSING_SHARE} failed, {@code gsd <=} {@link #MEDIUM_MAX_GSD}. */
    MEDIUM,
    /** Anything else: one run, many runs without an answer, or runs that disagree. */
    LOW;

    /** Fewest answering runs for HIGH. */
    public static final int HIGH_MIN_RUNS = 3;
    /** Largest geometric standard deviation for HIGH. */
    public static final double HIGH_MAX_GSD = 1.5;
    /** Fewest answering runs for MEDIUM. */
    public static final int MEDIUM_MIN_RUNS = 2;
    /** Largest geometric standard deviation for MEDIUM. */
    public static final double MEDIUM_MAX_GSD = 2.5;
    /** Largest share of runs without an answer for MEDIUM. */
    public static final double MEDIUM_MAX_MISSING_SHARE = 0.25;

    /**
     * The level for {@code answered} runs with a suggestion out of {@code runs}, whose answers have
     * the geometric standard deviation {@code gsd} (NaN when fewer than 2 answered).
     */
    public static Confidence of(int answered, int runs, double gsd) {
        int missing = runs - answered;
        if (answered >= HIGH_MIN_RUNS && missing == 0 && gsd <= HIGH_MAX_GSD) {
            return HIGH;
        }
        if (answered >= MEDIUM_MIN_RUNS && missing <= MEDIUM_MAX_MISSING_SHARE * runs && gsd <= MEDIUM_MAX_GSD) {
            return MEDIUM;
        }
        return LOW;
    }

    /** Why this level, for reasoning texts. */
    String explain(int answered, int runs, double gsd) {
        return switch (this) {
            case HIGH -> answered + " runs agree within a geometric SD of x" + PreparedCurve.fmt(gsd)
                    + " (HIGH needs >= " + HIGH_MIN_RUNS + " runs, none without an answer, gsd <= " + HIGH_MAX_GSD + ")";
            case MEDIUM -> answered + " of " + runs + " runs answered with a geometric SD of x" + PreparedCurve.fmt(gsd)
                    + " (HIGH needs >= " + HIGH_MIN_RUNS + " runs, none missing, gsd <= " + HIGH_MAX_GSD + ")";
            case LOW -> answered < MEDIUM_MIN_RUNS
                    ? answered + " of " + runs + " runs answered: too few to measure the spread"
                    : answered + " of " + runs + " runs answered with a geometric SD of x" + PreparedCurve.fmt(gsd)
                            + " (MEDIUM needs gsd <= " + MEDIUM_MAX_GSD + " and at most "
                            + (int) (MEDIUM_MAX_MISSING_SHARE * 100) + "% of runs without an answer)";
        };
    }
}
