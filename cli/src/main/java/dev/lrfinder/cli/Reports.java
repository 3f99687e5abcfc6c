package dev.lrfinder.cli;

import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.RunAggregation;
import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.report.AtomicFiles;
import dev.lrfinder.report.CurveCsv;
import dev.lrfinder.report.CurvePlot;
import dev.lrfinder.report.FindReport;
import dev.lrfinder.report.HeadlineCurve;
import dev.lrfinder.report.ReportContext;
import dev.lrfinder.report.RunRecord;
import dev.lrfinder.sweep.SweepResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The end both commands share: aggregate the analysed runs, make every file in memory, write them
 * all (atomically, removed again if one fails), then print the summary or the JSON report.
 */
final class Reports {
    private Reports() {}

    /** Returns the exit code: {@link ExitCodes#NO_SUGGESTION} when nothing at all can be recommended. */
    static int deliver(CommandSpec spec, OutputOptions output, ReportContext context, List<AnalyzedRun> runs,
            AnalysisOptions options) throws IOException {
        List<AnalysisResult> analyses = runs.stream().map(AnalyzedRun::analysis).toList();
        AggregateSummary aggregate = RunAggregation.summarize(analyses, options);
        HeadlineCurve headline = HeadlineCurve.of(runs, aggregate, options.divergenceTolerance());

        byte[] report = FindReport.toBytes(context, runs, aggregate, headline);
        CurvePlot plot = CurvePlot.of(context.subject(), runs, aggregate, headline);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("report.json", report);
        files.put("curves.csv", CurveCsv.runsCsvBytes(runs));
        files.put("plot.png", plot.png());
        files.put("plot.svg", plot.svg());
        for (int i = 0; i < runs.size(); i++) {
            SweepResult sweep = runs.get(i).sweep();
            if (sweep != null) { // one run's own files, as the engine's API writes them
                files.put("run-" + (i + 1) + ".csv", CurveCsv.curveCsv(sweep.curve()).getBytes(StandardCharsets.UTF_8));
                files.put("run-" + (i + 1) + ".json", RunRecord.toBytes(sweep));
            }
        }

        RunFolder folder = RunFolder.create(output.out);
        try {
            AtomicFiles.writeAll(folder.path(), files);
        } catch (IOException e) {
            folder.removeIfCreated();
            throw new BadInputException("--out = " + folder.path() + ": cannot write the files (" + e.getMessage() + ")", e);
        }

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String where = "Files: " + folder.path().toAbsolutePath() + " (report.json, curves.csv, plot.png, plot.svg"
                + (runs.get(0).sweep() != null ? ", run-N.csv and run-N.json per run)" : ")");
        if (output.json()) {
            out.print(new String(report, StandardCharsets.UTF_8));
            if (!output.quiet) {
                err.println(where);
            }
        } else {
            new Summary(out).print(context, runs, aggregate, headline);
            out.println(where);
        }
        out.flush();
        err.flush();
        // The recommendation falls back through every method run: none means no run answered anything.
        return aggregate.recommendation().isPresent() ? ExitCodes.OK : ExitCodes.NO_SUGGESTION;
    }
}
