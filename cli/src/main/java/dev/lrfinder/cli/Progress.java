package dev.lrfinder.cli;

import dev.lrfinder.RunProgress;
import dev.lrfinder.sweep.LossCurve;
import dev.lrfinder.sweep.SweepListener;
import dev.lrfinder.sweep.SweepResult;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of find's sweeps on stderr: a bar over runs x steps with the last loss and an ETA
 * (me.tongfei:progressbar) when stderr is a terminal, otherwise one line per finished run, and
 * nothing with --quiet.
 *
 * <p>The bar moves as the sweep's losses reach the host (every few steps, through a {@link
 * dev.lrfinder.sweep.SweepListener}). Runs that run at once ({@code --parallel}) tell it from their
 * own threads: the bar counts the steps of all runs together, and a line is printed as each run
 * ends, in the order they end.
 */
final class Progress implements RunProgress, AutoCloseable {
    private final PrintWriter err;
    private final ProgressBar bar;
    private final boolean lines;
    private final int runs;
    /** Steps recorded so far per run (index run - 1); the bar shows their sum. */
    private final long[] recorded;
    private int finished;

    private Progress(PrintWriter err, ProgressBar bar, boolean lines, int runs) {
        this.err = err;
        this.bar = bar;
        this.lines = lines;
        this.runs = runs;
        this.recorded = new long[runs];
    }

    /**
     * @param terminal whether {@code err} is a terminal, where a bar that redraws itself can be read
     */
    static Progress start(PrintWriter err, boolean terminal, boolean quiet, int runs, int stepsPerRun) {
        if (quiet) {
            return new Progress(err, null, false, runs);
        }
        if (!terminal) {
            return new Progress(err, null, true, runs);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("range test")
                .setInitialMax((long) runs * stepsPerRun)
                .setUnit(" steps", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new WriterConsumer(err, terminalWidth()))
                .build();
        bar.setExtraMessage("run 1/" + runs);
        return new Progress(err, bar, false, runs);
    }

    /** A listener for run {@code run} (1-based) of runs with {@code plannedSteps} steps each. */
    @Override
    public SweepListener forRun(int run, int plannedSteps) {
        if (bar == null) {
            return SweepListener.NONE;
        }
        return (steps, planned, lastLoss) -> moved(run, steps,
                String.format(Locale.ROOT, "run %d/%d, loss %.4g", run, runs, lastLoss));
    }

    private synchronized void moved(int run, long steps, String message) {
        recorded[run - 1] = steps;
        long total = 0;
        for (long r : recorded) {
            total += r;
        }
        bar.stepTo(total);
        bar.setExtraMessage(message);
    }

    /** Run {@code run} (1-based) has finished: the bar moves on, or a line says how it went. */
    @Override
    public synchronized void runDone(int run, SweepResult result) {
        LossCurve curve = result.curve();
        int n = curve.size();
        double lastLoss = n > 0 ? curve.loss(n - 1) : Double.NaN;
        int plannedSteps = curve.plannedSteps();
        String line = String.format(Locale.ROOT, "run %d/%d: %d of %d steps, %s, %.2f s (%.0f steps/s)", run, runs, n,
                plannedSteps, curve.stopReason(), result.info().wallTimeSeconds(), result.info().stepsPerSecond());
        finished++;
        if (bar != null) {
            moved(run, plannedSteps, String.format(Locale.ROOT, "%d/%d runs done, run %d's last loss %.4g", finished, runs,
                    run, lastLoss));
        } else if (lines) {
            err.println(line);
            err.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /** Whether the process's stderr is a terminal. */
    static boolean stderrIsTerminal() {
        return TerminalWidth.isTerminal(2);
    }

    /**
     * The terminal's own width: a bar as wide as a line that is one column too wide wraps, and every
     * redraw then starts a new line. {@code $COLUMNS} is a fallback only (bash does not export it).
     */
    private static int terminalWidth() {
        return barWidth(TerminalWidth.ofStderr(), System.getenv("COLUMNS"));
    }

    /** The bar's width on a terminal of {@code columns} (0: it did not say), else {@code $COLUMNS}, else 80. */
    static int barWidth(int columns, String columnsEnv) {
        if (columns <= 0) {
            try {
                columns = columnsEnv != null ? Integer.parseInt(columnsEnv.trim()) : 80;
            } catch (NumberFormatException e) {
                columns = 80;
            }
        }
        // One column short of the edge: a line that fills the last column makes some terminals wrap.
        return Math.clamp(columns - 1, TerminalWidth.MIN_COLUMNS, 160);
    }

    /** Draws the bar on lrfinder's stderr writer, redrawing the line with a carriage return. */
    private record WriterConsumer(PrintWriter err, int width) implements ProgressBarConsumer {
        @Override
        public int getMaxRenderedLength() {
            return width;
        }

        @Override
        public void accept(String rendered) {
            err.print('\r');
            err.print(rendered);
            err.flush();
        }

        @Override
        public synchronized void close() {
            err.println();
            err.flush();
        }
    }
}
