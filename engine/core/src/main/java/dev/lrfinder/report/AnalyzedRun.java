package dev.lrfinder.report;

import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.sweep.SweepResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One range test as the reports show it: where it came from, the whole curve as recorded and what
 * the analysis made of it. The recorded curve may run past the analysed one (a diverged sweep's
 * last, non-finite loss; points a compat pipeline cut off), so both are kept.
 *
 * @param source how the reports name the run: {@code run 3}, or the file it was read from
 * @param sweep the sweep that recorded it, or null for a curve read from a file
 * @param lrs the learning rate of every recorded step
 * @param losses the raw loss of every recorded step, non-finite ones included
 * @param analysis the analysis of the curve
 */
public record AnalyzedRun(String source, SweepResult sweep, double[] lrs, double[] losses, AnalysisResult analysis) {

    public AnalyzedRun {
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(analysis, "analysis must not be null");
        lrs = lrs.clone();
        losses = losses.clone();
        if (lrs.length != losses.length) {
            throw new IllegalArgumentException("lrs has " + lrs.length + " points but losses has " + losses.length);
        }
    }

    /** A run of {@code lrfinder find}. */
    public static AnalyzedRun ofSweep(String source, SweepResult sweep, AnalysisResult analysis) {
        return new AnalyzedRun(source, sweep, sweep.curve().lrs(), sweep.curve().losses(), analysis);
    }

    /** A curve read from a file. */
    public static AnalyzedRun ofCurve(String source, double[] lrs, double[] losses, AnalysisResult analysis) {
        return new AnalyzedRun(source, null, lrs, losses, analysis);
    }

    @Override
    public double[] lrs() {
        return lrs.clone();
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    /**
     * Names for runs with these sources, every one its own: a repeated source gets its count,
     * {@code u.csv}, {@code u.csv (2)}, {@code u.csv (3)}, so that the same file given twice is two
     * runs a reader (and the plot's legend) can tell apart.
     */
    public static List<String> uniqueSources(List<String> sources) {
        Set<String> taken = new HashSet<>();
        List<String> unique = new ArrayList<>(sources.size());
        for (String source : sources) {
            String name = source;
            for (int k = 2; !taken.add(name); k++) {
                name = source + " (" + k + ")";
            }
            unique.add(name);
        }
        return unique;
    }

    /** Recorded points. */
    public int size() {
        return lrs.length;
    }
}
