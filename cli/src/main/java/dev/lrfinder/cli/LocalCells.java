package dev.lrfinder.cli;

import dev.lrfinder.ParallelRuns;
import java.util.List;
import java.util.function.Consumer;

/**
 * The default engine: cells run in this JVM, {@code cellsAtOnce} at a time, each on a thread of its
 * own (the parallel runs of {@code find --parallel}, one level up). Many cells side by side beat the
 * runs of one cell side by side: a cell's runs end together, so its slowest run holds the cores idle
 * until the next cell starts.
 */
final class LocalCells implements CellEngine {
    /** Runs per cell at once unless the cell says ({@code --parallel}): the cores go to the cells. */
    static final int RUNS_AT_ONCE = 1;

    private final int cellsAtOnce;

    LocalCells(int cellsAtOnce) {
        this.cellsAtOnce = cellsAtOnce;
    }

    @Override
    public void run(List<SweepCell> cells, Consumer<CellOutcome> sink) {
        ParallelRuns.run(cells.size(), cellsAtOnce, i -> {
            CellOutcome outcome = CellRunner.run(cells.get(i), RUNS_AT_ONCE, "in-JVM", 0);
            sink.accept(outcome);
            return outcome;
        });
    }

    @Override
    public String describe() {
        return "in this JVM, " + cellsAtOnce + (cellsAtOnce == 1 ? " cell" : " cells") + " at a time";
    }

    @Override
    public void close() {}
}
