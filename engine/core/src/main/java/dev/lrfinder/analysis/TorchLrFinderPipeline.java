package dev.lrfinder.analysis;

import static dev.lrfinder.analysis.PreparedCurve.fmt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * torch-lr-finder's {@code LRFinder.range_test} and {@code plot(suggest_lr=True)}, from raw losses.
 *
 * <p>Reproduced, quirks included:
 * <ol>
 *   <li>Smoothing in float64: the first loss is kept as is and is the first {@code best_loss}; then
 *       {@code s = 0.05 * loss + (1 - 0.05) * previous}, lowering {@code best_loss} when smaller.</li>
 *   <li>Stop: after recording, when {@code s > 5 * best_loss}; the point is kept. The check also
 *       runs on the first point, so a negative first loss stops the sweep at once. NaN never stops it
 *       and, once in the EMA, stays. The sweep also ends after {@code num_iter} steps.</li>
 *   <li>Suggestion: keep {@code [10 : -5]}; {@code np.gradient} over the index (float64), which
 *       needs at least 2 points, so at least 17 recorded points (otherwise torch-lr-finder prints
 *       "Failed to compute the gradients" and suggests nothing); argmin with NaN not filtered, so a
 *       NaN gradient wins.</li>
 * </ol>
 */
final class TorchLrFinderPipeline {

    static final double SMOOTH_F = 0.05;
    static final double DIVERGE_TH = 5;
    static final int SKIP_START = 10;
    static final int SKIP_END = 5;

    private TorchLrFinderPipeline() {
    }

    static AnalysisResult analyze(double[] lrs, double[] rawLosses, int numIter) {
        List<String> notes = new ArrayList<>();
        int available = Math.min(rawLosses.length, numIter);
        if (rawLosses.length > numIter) {
            notes.add("torch-lr-finder stops after num_iter = " + numIter + " steps: the last "
                    + (rawLosses.length - numIter) + " points are ignored");
        }
        double[] smoothed = new double[available];
        double best = Double.NaN;
        int recorded = available;
        for (int i = 0; i < available; i++) {
            double loss = rawLosses[i];
            if (i == 0) {
                best = loss;
            } else {
                loss = SMOOTH_F * loss + (1 - SMOOTH_F) * smoothed[i - 1];
                if (loss < best) {
                    best = loss;
                }
            }
            smoothed[i] = loss;
            if (loss > DIVERGE_TH * best) {
                recorded = i + 1;
                notes.add("torch-lr-finder stops at index " + i + ": smoothed loss " + fmt(loss) + " > 5 x best "
                        + fmt(best) + " (the point is kept)");
                break;
            }
        }

        return suggest(lrs, rawLosses, smoothed, recorded, notes);
    }

    /**
     * torch-lr-finder's answer from its {@code lr_finder.history}: the smoothed losses it recorded,
     * which already end where it stopped. The raw losses of the result are recovered by
     * {@link #unsmooth}.
     */
    static AnalysisResult analyzeRecorded(double[] lrs, double[] recordedLosses, int numIter) {
        List<String> notes = new ArrayList<>();
        notes.add("the losses are torch-lr-finder's history, already smoothed (smooth_f 0.05) and stopped:"
                + " neither is applied again");
        double[] smoothed = CompatMath.recordedUpTo(recordedLosses, numIter, "torch-lr-finder", "num_iter", notes);
        return suggest(lrs, unsmooth(smoothed), smoothed, smoothed.length, notes);
    }

    /**
     * The raw losses behind torch-lr-finder's smoothed ones, exactly up to float64 rounding: the
     * first is kept as is, then {@code x_i = (s_i - 0.95 * s_{i-1}) / 0.05}.
     */
    static double[] unsmooth(double[] smoothed) {
        double[] raw = new double[smoothed.length];
        for (int i = 0; i < smoothed.length; i++) {
            raw[i] = i == 0 ? smoothed[0] : (smoothed[i] - (1 - SMOOTH_F) * smoothed[i - 1]) / SMOOTH_F;
        }
        return raw;
    }

    private static AnalysisResult suggest(double[] lrs, double[] rawLosses, double[] smoothed, int recorded,
            List<String> notes) {
        int[] slice = CompatMath.pythonSlice(recorded, SKIP_START, -SKIP_END);
        notes.add("torch-lr-finder keeps recorded points [10 : -5] = [" + slice[0] + ", " + slice[1] + ") of " + recorded);
        double[] kept = Arrays.copyOfRange(smoothed, slice[0], slice[1]);
        Suggestion suggestion;
        if (kept.length < 2) {
            suggestion = Suggestion.none(Method.STEEPEST, "torch-lr-finder needs at least 17 recorded points (2 after "
                    + "skipping 10 and 5), got " + recorded + " (it prints 'Failed to compute the gradients')");
        } else {
            double[] gradient = CompatMath.numpyGradient(kept);
            int i = CompatMath.argminNanFirst(gradient);
            int index = slice[0] + i;
            String nan = Double.isNaN(gradient[i]) ? " (a NaN gradient, which numpy's argmin returns first)" : "";
            suggestion = CompatMath.present(Method.STEEPEST, lrs[index], index,
                    "torch-lr-finder steepest gradient over the index at lr " + fmt(lrs[index]) + nan);
        }
        Map<Method, Suggestion> suggestions = new LinkedHashMap<>();
        suggestions.put(Method.STEEPEST, suggestion);
        return new AnalysisResult(Compat.TORCH_LR_FINDER.id(), Arrays.copyOf(lrs, recorded),
                Arrays.copyOf(rawLosses, recorded), Arrays.copyOf(smoothed, recorded), suggestions, Method.STEEPEST, notes,
                lrs.length);
    }
}
