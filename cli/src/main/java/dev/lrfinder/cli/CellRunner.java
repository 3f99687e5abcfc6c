package dev.lrfinder.cli;

import dev.lrfinder.plot.CurvePlot;
import dev.lrfinder.report.Report;
import dev.lrfinder.report.ReportFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs one cell where it is: its arguments are parsed by {@code find} itself (every find option,
 * with find's own checks and defaults), its range tests run without progress, and its report
 * folder's files are made in memory. A cell that cannot run gives a failed outcome with the reason,
 * as find would print it; it never throws, so one bad cell does not stop the others (or make Spark
 * retry what would fail again).
 */
public final class CellRunner {
    private CellRunner() {}

    /**
     * Runs {@code cell}.
     *
     * @param runsAtOnce find's {@code --parallel} for the cell when its arguments do not say: the
     *     cores a cell gets where cells themselves run side by side (1 in a Spark task of one core)
     * @param worker where it runs, for the outcome
     * @param attempt the Spark task attempt (0 in-JVM)
     */
    public static CellOutcome run(SweepCell cell, int runsAtOnce, String worker, int attempt) {
        long start = System.nanoTime();
        List<String> args = new ArrayList<>(cell.args());
        if (!args.contains("--parallel") && args.stream().noneMatch(a -> a.startsWith("--parallel="))) {
            args.add("--parallel");
            args.add(Integer.toString(runsAtOnce));
        }
        FindCommand find = new FindCommand(false);
        CommandLine cli = new CommandLine(find);
        CellOutcome.Status status;
        String reason = null;
        Map<String, byte[]> files = Map.of();
        try {
            cli.parseArgs(args.toArray(String[]::new));
            Report report = find.report();
            files = ReportFolder.files(report, CurvePlot::render);
            status = report.aggregate().recommendation().isPresent() ? CellOutcome.Status.OK
                    : CellOutcome.Status.NO_SUGGESTION;
            if (status == CellOutcome.Status.NO_SUGGESTION) {
                reason = "no method gave a suggestion in any run";
            }
        } catch (CommandLine.ParameterException | IllegalArgumentException | BadInputException e) {
            status = CellOutcome.Status.FAILED;
            reason = "bad input: " + LrFinderCommand.asOptionMessage(e, cli.getCommandSpec());
        } catch (RuntimeException | LinkageError e) {
            status = CellOutcome.Status.FAILED;
            reason = "error: " + e;
        }
        return new CellOutcome(cell.folder(), status, reason, files, (System.nanoTime() - start) / 1e9, worker, attempt);
    }
}
