package dev.lrfinder;

import dev.lrfinder.analysis.Recommendation;
import dev.lrfinder.report.Report;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link LrFinder#run()} found: the report (every run with its analysis, the aggregate and
 * the recommendation) and where its files went.
 *
 * @param report what report.json, the summary and the plots are made from
 * @param folder the folder holding report.json, curves.csv, the plots and the per-run files, when
 *     files were asked for ({@link LrFinder.Builder#optOut})
 */
public record FindResult(Report report, Optional<Path> folder) {

    public FindResult {
        Objects.requireNonNull(report, "report must not be null");
        Objects.requireNonNull(folder, "folder must not be null");
    }

    /** The recommended learning rate with its method, confidence and reasoning. */
    public Recommendation recommendation() {
        return report.aggregate().recommendation();
    }
}
