package dev.lrfinder.report;

import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.ConsensusCurve;
import dev.lrfinder.analysis.CurveRegions;
import java.util.Arrays;
import java.util.List;

/**
 * The one curve a report reads its regions and marker heights off: the run itself when there is
 * one, else the consensus median over the stretch most runs cover (the stretch its suggestions are
 * computed on). Only finite points are kept.
 *
 * <p>The "too low" region is where the curve has not started its fall, but it never takes in the
 * recommended lr: a rule may answer a little left of the steep fall (the loss already moves there,
 * only slowly), and a report must not call too low the rate it recommends. It then ends
 * {@link #TOO_LOW_MARGIN_DECADES} before the recommendation, and the stretch up to the fall is
 * named no region.
 *
 * @param label {@code run 1}'s source or {@code consensus}
 * @param lrs the curve's learning rates, strictly increasing
 * @param smoothedLoss its smoothed (or median) loss
 * @param regions its too-low, sweet-spot and divergence regions
 * @param tooLowToLr where the "too low" region ends: the lr where the fall starts (the last lr when
 *     the curve does not fall), or {@link #TOO_LOW_MARGIN_DECADES} left of the recommended lr when
 *     that is lower; the region is empty when it is not above {@code lrs[0]}
 */
public record HeadlineCurve(String label, double[] lrs, double[] smoothedLoss, CurveRegions regions, double tooLowToLr) {

    /** How far, in decades of lr, the "too low" region stays left of the recommended lr: a visible gap. */
    public static final double TOO_LOW_MARGIN_DECADES = 0.1;

    public HeadlineCurve {
        lrs = lrs.clone();
        smoothedLoss = smoothedLoss.clone();
    }

    @Override
    public double[] lrs() {
        return lrs.clone();
    }

    @Override
    public double[] smoothedLoss() {
        return smoothedLoss.clone();
    }

    /** The headline curve of these runs; {@code floorTolerance} as in {@link CurveRegions#of}. */
    public static HeadlineCurve of(List<AnalyzedRun> runs, AggregateSummary aggregate, double floorTolerance) {
        double[] lrs;
        double[] losses;
        String label;
        if (runs.size() == 1) {
            AnalysisResult only = runs.get(0).analysis();
            lrs = only.lrs();
            losses = only.smoothedLosses();
            label = runs.get(0).source();
        } else {
            ConsensusCurve c = aggregate.consensus();
            lrs = Arrays.copyOfRange(c.lrs(), c.analyzedFrom(), c.analyzedTo());
            losses = Arrays.copyOfRange(c.median(), c.analyzedFrom(), c.analyzedTo());
            label = "consensus";
        }
        int kept = 0;
        double[] keptLrs = new double[lrs.length];
        double[] keptLosses = new double[lrs.length];
        for (int i = 0; i < lrs.length; i++) {
            if (Double.isFinite(losses[i])) {
                keptLrs[kept] = lrs[i];
                keptLosses[kept++] = losses[i];
            }
        }
        keptLrs = Arrays.copyOf(keptLrs, kept);
        keptLosses = Arrays.copyOf(keptLosses, kept);
        CurveRegions regions = CurveRegions.of(keptLrs, keptLosses, floorTolerance);
        return new HeadlineCurve(label, keptLrs, keptLosses, regions,
                tooLowToLr(keptLrs, regions, aggregate.recommendation().lr()));
    }

    /** The end of the "too low" region: where the fall starts, but left of {@code recommendedLr} (NaN: none). */
    static double tooLowToLr(double[] lrs, CurveRegions regions, double recommendedLr) {
        if (lrs.length == 0) {
            return Double.NaN;
        }
        double end = regions.falls() ? lrs[regions.fallStart()] : lrs[lrs.length - 1];
        return Double.isNaN(recommendedLr) ? end : Math.min(end, recommendedLr / Math.pow(10, TOO_LOW_MARGIN_DECADES));
    }

    /** Whether the "too low" region holds any of the curve. */
    public boolean hasTooLow() {
        return lrs.length > 0 && tooLowToLr > lrs[0];
    }

    /** Points on the curve. */
    public int size() {
        return lrs.length;
    }

    /** The lr at point {@code index}. */
    public double lr(int index) {
        return lrs[index];
    }

    /** The smoothed (or median) loss at point {@code index}. */
    public double loss(int index) {
        return smoothedLoss[index];
    }

    /**
     * The loss at {@code lr}, interpolated linearly in log10(lr); the end value outside the curve,
     * NaN for an empty curve.
     */
    public double lossAt(double lr) {
        if (lrs.length == 0) {
            return Double.NaN;
        }
        if (lr <= lrs[0]) {
            return smoothedLoss[0];
        }
        if (lr >= lrs[lrs.length - 1]) {
            return smoothedLoss[lrs.length - 1];
        }
        int hi = Arrays.binarySearch(lrs, lr);
        if (hi >= 0) {
            return smoothedLoss[hi];
        }
        hi = -hi - 1;
        int lo = hi - 1;
        double t = (Math.log10(lr) - Math.log10(lrs[lo])) / (Math.log10(lrs[hi]) - Math.log10(lrs[lo]));
        return smoothedLoss[lo] + t * (smoothedLoss[hi] - smoothedLoss[lo]);
    }
}
