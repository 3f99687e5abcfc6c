package dev.lrfinder.report;

import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.Recommendation;
import dev.lrfinder.analysis.RunAggregation;
import dev.lrfinder.analysis.SearchTrail;
import dev.lrfinder.analysis.Verification;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a report folder is made from: what it is about, the analysed runs, their aggregate and
 * the curve the regions are read off.
 *
 * @param context the command, subject and settings
 * @param runs at least one analysed run
 * @param aggregate the runs' summary and recommendation
 * @param headline the curve the regions and marker heights come from
 */
public record Report(ReportContext context, List<AnalyzedRun> runs, AggregateSummary aggregate, HeadlineCurve headline,
        Optional<Verification> verification) {

    /** A report without verification fits. */
    public Report(ReportContext context, List<AnalyzedRun> runs, AggregateSummary aggregate, HeadlineCurve headline) {
        this(context, runs, aggregate, headline, Optional.empty());
    }

    public Report {
        Objects.requireNonNull(verification, "verification must not be null");
        Objects.requireNonNull(context, "context must not be null");
        Objects.requireNonNull(aggregate, "aggregate must not be null");
        Objects.requireNonNull(headline, "headline must not be null");
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("runs is empty: a report needs at least 1 run");
        }
    }

    /** Aggregates {@code runs} with {@code options} and picks the headline curve. */
    public static Report of(ReportContext context, List<AnalyzedRun> runs, AnalysisOptions options) {
        List<AnalysisResult> analyses = runs.stream().map(AnalyzedRun::analysis).toList();
        AggregateSummary aggregate = RunAggregation.summarize(analyses, options);
        return new Report(context, runs, aggregate, HeadlineCurve.of(runs, aggregate, options.divergenceTolerance()));
    }

    /**
     * This report with what the verification fits found: the recommendation's rate becomes the
     * verified one (the range tests' own stays in the verification's trail), so that report.json,
     * the summary, the plot and the API give one answer.
     */
    public Report withVerification(Verification verification) {
        Recommendation rec = aggregate.recommendation();
        Recommendation answered = rec.verified(verification, verification.isPresent()
                ? "Verified learning rate " + String.format(java.util.Locale.ROOT, "%.3g", verification.verifiedLr())
                        + ": the rate whose fits scored best on " + verification.validation() + "." : "");
        AggregateSummary verified = new AggregateSummary(aggregate.runs(), aggregate.methods(), answered,
                aggregate.consensus());
        return new Report(context, runs, verified, headline, Optional.of(verification));
    }

    /** The range tests' own answer, before any verification (NaN when they gave none). */
    public double rangeTestLr() {
        return verification.flatMap(Verification::trail).map(SearchTrail::rangeTestLr)
                .orElse(aggregate.recommendation().isPresent() ? aggregate.recommendation().lr() : Double.NaN);
    }

    /** {@code report.json}, also what {@code --format json} prints. */
    public byte[] json() {
        return FindReport.toBytes(context, runs, aggregate, headline, verification);
    }
}
