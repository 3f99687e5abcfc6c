package dev.lrfinder;

import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.Recommendation;
import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.report.HeadlineCurve;
import dev.lrfinder.report.ReportContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link LrFinder#run()} found: every run with its analysis, the aggregate over the runs and
 * the recommendation, and where the files went.
 *
 * @param context what was swept and how the curves were read
 * @param runs each run's recorded curve and analysis, in run order
 * @param aggregate the statistics per method over the runs and the recommendation
 * @param headline the curve the summary and plot describe (the runs' consensus, or the one run)
 * @param folder the folder holding report.json, curves.csv, the plots and the per-run files, when
 *     files were asked for
 */
public record FindResult(ReportContext context, List<AnalyzedRun> runs, AggregateSummary aggregate,
        HeadlineCurve headline, Optional<Path> folder) {

    public FindResult {
        Objects.requireNonNull(context, "context must not be null");
        Objects.requireNonNull(aggregate, "aggregate must not be null");
        Objects.requireNonNull(headline, "headline must not be null");
        Objects.requireNonNull(folder, "folder must not be null");
        runs = List.copyOf(runs);
    }

    /** The recommended learning rate with its method, confidence and reasoning. */
    public Recommendation recommendation() {
        return aggregate.recommendation();
    }
}
