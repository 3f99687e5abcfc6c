package dev.lrfinder.analysis;

import static dev.lrfinder.analysis.PreparedCurve.fmt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch Lightning's {@code lr_find} (2.5.3 and later, {@code tuner/lr_finder.py}), from raw losses.
 *
 * <p>Reproduced, quirks included:
 * <ol>
 *   <li>Smoothing in Python floats (float64): {@code avg = 0.98 * avg + (1 - 0.98) * loss}, then
 *       {@code avg / (1 - 0.98 ** (global_step + 1))}. After the i-th step (0-based)
 *       {@code global_step} is already i + 1, so the debias exponent is i + 2, one more than the
 *       number of updates: the first smoothed value is {@code loss * 0.02 / (1 - 0.98^2)}, about
 *       0.505 x the loss, not the loss.</li>
 *   <li>Stop: {@code best_loss} starts at 0.0 and is set at the first point; from the second point on,
 *       the sweep stops when {@code smoothed > 4 * best}, checked before {@code best} is lowered. The
 *       stopping point is recorded. The sweep also ends after {@code num_training} steps.</li>
 *   <li>Suggestion ({@code _LRFinder.suggestion}): keep {@code [10 : -1]}, convert to float32
 *       tensors, drop non-finite losses (in float32, so a finite double above 3.4e38 is dropped too),
 *       none if fewer than 2 remain; {@code torch.gradient(losses, spacing=[lrs])} against the raw
 *       lr, not log(lr), in float32; argmin (NaN first); mapped back to the index in the recorded
 *       curve; the answer is the recorded float64 lr there.</li>
 * </ol>
 */
final class LightningPipeline {

    static final double BETA = 0.98;
    static final double STOP_FACTOR = 4.0;
    static final int SKIP_BEGIN = 10;
    static final int SKIP_END = 1;

    private LightningPipeline() {
    }

    static AnalysisResult analyze(double[] lrs, double[] rawLosses, int numTraining) {
        List<String> notes = new ArrayList<>();
        int available = Math.min(rawLosses.length, numTraining);
        if (rawLosses.length > numTraining) {
            notes.add("Lightning stops after num_training = " + numTraining + " steps: the last "
                    + (rawLosses.length - numTraining) + " points are ignored");
        }
        double[] smoothed = new double[available];
        double average = 0.0;
        double best = 0.0;
        int recorded = available;
        for (int i = 0; i < available; i++) {
            int currentStep = i + 1;
            average = BETA * average + (1 - BETA) * rawLosses[i];
            double value = average / (1 - Math.pow(BETA, currentStep + 1));
            boolean stop = currentStep > 1 && value > STOP_FACTOR * best;
            if (value < best || currentStep == 1) {
                best = value;
            }
            smoothed[i] = value;
            if (stop) {
                recorded = i + 1;
                notes.add("Lightning stops at index " + i + ": smoothed loss " + fmt(value) + " > 4 x best (the point is kept)");
                break;
            }
        }

        return suggest(lrs, rawLosses, smoothed, recorded, notes);
    }

    /**
     * Lightning's answer from its {@code lr_finder.results}: the smoothed losses it recorded, which
     * already end where it stopped. The raw losses of the result are recovered by {@link #unsmooth}.
     */
    static AnalysisResult analyzeRecorded(double[] lrs, double[] recordedLosses, int numTraining) {
        List<String> notes = new ArrayList<>();
        notes.add("the losses are Lightning's lr_finder.results, already smoothed (beta 0.98) and stopped:"
                + " neither is applied again");
        double[] smoothed = CompatMath.recordedUpTo(recordedLosses, numTraining, "Lightning", "num_training", notes);
        return suggest(lrs, unsmooth(smoothed), smoothed, smoothed.length, notes);
    }

    /**
     * The raw losses behind Lightning's smoothed ones, exactly up to float64 rounding:
     * {@code avg_i = s_i * (1 - 0.98^(i + 2))} undoes the debiasing (the exponent is i + 2, see
     * above) and {@code x_i = (avg_i - 0.98 * avg_{i-1}) / (1 - 0.98)} the average.
     */
    static double[] unsmooth(double[] smoothed) {
        double[] raw = new double[smoothed.length];
        double previous = 0;
        for (int i = 0; i < smoothed.length; i++) {
            double average = smoothed[i] * (1 - Math.pow(BETA, i + 2));
            raw[i] = (average - BETA * previous) / (1 - BETA);
            previous = average;
        }
        return raw;
    }

    private static AnalysisResult suggest(double[] lrs, double[] rawLosses, double[] smoothed, int recorded,
            List<String> notes) {
        int[] slice = CompatMath.pythonSlice(recorded, SKIP_BEGIN, -SKIP_END);
        notes.add("Lightning keeps recorded points [10 : -1] = [" + slice[0] + ", " + slice[1] + ") of " + recorded);
        float[] lossesF = CompatMath.toFloat32(smoothed, slice[0], slice[1]);
        float[] lrsF = CompatMath.toFloat32(lrs, slice[0], slice[1]);
        int[] originalIndex = new int[lossesF.length];
        int finite = 0;
        for (int i = 0; i < lossesF.length; i++) {
            if (Float.isFinite(lossesF[i])) {
                lossesF[finite] = lossesF[i];
                lrsF[finite] = lrsF[i];
                originalIndex[finite] = slice[0] + i;
                finite++;
            }
        }
        if (finite < lossesF.length) {
            notes.add("Lightning drops " + (lossesF.length - finite) + " non-finite losses before the gradient");
        }
        Suggestion suggestion;
        if (finite < 2) {
            suggestion = Suggestion.none(Method.STEEPEST, "Lightning needs 2 finite points in [10 : -1], got " + finite
                    + " (it logs 'Failed to compute suggestion' and returns None)");
        } else {
            float[] gradient = CompatMath.torchGradient(Arrays.copyOf(lossesF, finite), Arrays.copyOf(lrsF, finite));
            int i = CompatMath.argminNanFirst(gradient);
            int index = originalIndex[i];
            suggestion = CompatMath.present(Method.STEEPEST, lrs[index], index,
                    "Lightning suggestion: steepest d loss/d lr (against raw lr) at lr " + fmt(lrs[index]));
        }
        Map<Method, Suggestion> suggestions = new LinkedHashMap<>();
        suggestions.put(Method.STEEPEST, suggestion);
        return new AnalysisResult(Compat.LIGHTNING.id(), Arrays.copyOf(lrs, recorded), Arrays.copyOf(rawLosses, recorded),
                Arrays.copyOf(smoothed, recorded), suggestions, Method.STEEPEST, notes, lrs.length);
    }
}
