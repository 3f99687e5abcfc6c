package dev.lrfinder.cli;

/** What {@code lrfinder} exits with. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** An internal error: a bug or a failure of the machine, with its message (stack with --verbose). */
    public static final int INTERNAL = 1;
    /** Bad usage or bad input: one line naming the option or file and what is wrong, then a hint. */
    public static final int USAGE = 2;
    /**
     * Every run finished but nothing can be recommended: no method run gave a suggestion in any run
     * (the recommendation falls back from the default method to every other one first).
     */
    public static final int NO_SUGGESTION = 3;

    /** {@code lrfinder sweep}: at least one cell failed; each failed cell's reason is in cells.csv and report.json. */
    public static final int CELLS_FAILED = 4;

    private ExitCodes() {}
}
