package dev.lrfinder.cli;

import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.base.Futures;
import dev.lrfinder.base.Timeline;
import dev.lrfinder.plot.CurvePlot;
import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.report.HeadlineCurve;
import dev.lrfinder.report.Report;
import dev.lrfinder.report.ReportContext;
import dev.lrfinder.report.ReportFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The end both commands share: the engine aggregates the analysed runs and writes the report folder
 * as one set ({@link ReportFolder}); this prints the summary or the JSON report.
 */
final class Reports {
    private Reports() {}

    /** Returns the exit code: {@link ExitCodes#NO_SUGGESTION} when nothing at all can be recommended. */
    static int deliver(CommandSpec spec, OutputOptions output, Report full) {
        ReportContext context = full.context();
        List<AnalyzedRun> runs = full.runs();
        AggregateSummary aggregate = full.aggregate();
        HeadlineCurve headline = full.headline();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // The plots are the slowest file (0.15-0.3 s): they are drawn on threads of their own while
        // the summary is printed, so the answer is on the screen before the files are. report.json
        // on stdout waits for the write: a script must not read a document the write then refused.
        Timeline.mark("report made");
        CompletableFuture<Map<String, byte[]>> plots = Futures.onOwnThread("lrfinder-plots", () -> CurvePlot.render(full));
        Summary summary = output.json() ? null : new Summary(out);
        if (summary != null) {
            summary.print(context, runs, aggregate, headline, full.verification());
            out.flush();
            Timeline.mark("summary printed");
        }
        Map<String, byte[]> files = ReportFolder.files(full, r -> Futures.join(plots));
        byte[] report = files.get("report.json");
        Path written;
        try {
            written = ReportFolder.write(output.out, files);
            Timeline.mark("files written");
        } catch (IOException e) {
            throw new BadInputException("--out = " + (output.out != null ? output.out : ReportFolder.DEFAULT_PARENT)
                    + ": cannot write the files (" + e.getMessage() + "); nothing there was changed", e);
        }

        String folder = "Files: " + written + " ";
        String which = "(report.json, curves.csv, plot.png, plot.svg"
                + (runs.get(0).sweep() != null ? ", run-N.csv and run-N.json per run)" : ")");
        String where = folder + which;
        if (output.json()) {
            out.print(new String(report, StandardCharsets.UTF_8));
            if (!output.quiet) {
                err.println(where);
            }
        } else {
            summary.wrapped(folder, which); // the folder and the first file name stay on one line
        }
        out.flush();
        err.flush();
        // The recommendation falls back through every method run: none means no run answered anything.
        return aggregate.recommendation().isPresent() ? ExitCodes.OK : ExitCodes.NO_SUGGESTION;
    }
}
