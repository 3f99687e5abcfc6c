package dev.lrfinder.report;

import java.util.Map;

/**
 * Draws a report's plots for {@link ReportFolder}. The drawing library lives apart from this package
 * (lrfinder's own is {@code CurvePlot::render}, PNG and SVG with XChart), so a program that only
 * analyses curves writes reports without it.
 */
@FunctionalInterface
public interface ReportPlots {
    /** No plots: report.json, curves.csv and the per-run files only. */
    ReportPlots NONE = report -> Map.of();

    /**
     * The plot files, by file name: each name is {@code plot.EXT} ({@code plot.png}, {@code plot.svg}),
     * which is how {@link ReportFolder} tells its files from others.
     */
    Map<String, byte[]> render(Report report);
}
