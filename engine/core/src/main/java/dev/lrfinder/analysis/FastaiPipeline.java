package dev.lrfinder.analysis;

import static dev.lrfinder.analysis.PreparedCurve.fmt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code Learner.lr_find} (fastai 2.x, {@code callback/schedule.py}), from raw losses.
 *
 * <p>Reproduced, quirks included:
 * <ol>
 *   <li>Smoothing: {@code AvgSmoothLoss}, {@code val = torch.lerp(loss, val, 0.98)} on float32
 *       tensors, which PyTorch computes as {@code val - (val - loss) * (1 - 0.98f)}, then
 *       {@code val / (1 - 0.98**count)} with the divisor rounded to float32. Raw losses are rounded
 *       to float32 first, as the model's loss tensor is.</li>
 *   <li>Stop: {@code LRFinder.after_batch} first lowers {@code best_loss} (starting at +inf) to the
 *       smoothed loss, then stops when {@code smoothed > 4 * best}. The point that triggers the stop is
 *       recorded. A negative first loss therefore stops at once ({@code s > 4s} for {@code s < 0}).
 *       NaN never triggers the stop. The sweep also stops after {@code num_it} steps, where
 *       {@code LRFinder} raises {@code num_it} below 6 to 6.</li>
 *   <li>Trimming: {@code recorder.lrs[num_it//10 : -5]} with the requested {@code num_it} (not the
 *       raised one, nor the recorded length), then both arrays become float32 tensors.</li>
 *   <li>NaN: everything from the first NaN of the trimmed losses is dropped; infinities are kept.</li>
 *   <li>Suggestions, on the float32 arrays, answered as Python floats:
 *     <ul>
 *       <li>{@code minimum}: {@code lrs[argmin(losses)] / 10} (may lie below lrMin);</li>
 *       <li>{@code steep}: argmin of {@code (l[1:]-l[:-1]) / (log(lr[1:]) - log(lr[:-1]))}, NaN
 *           first, the left point of that segment;</li>
 *       <li>{@code valley}: the longest decreasing subsequence rule; index -1 wraps to the last lr
 *           as in Python;</li>
 *       <li>{@code slide}: {@code np.gradient} in float32, window 15, threshold 0.005; fewer than 16
 *           points raise IndexError in fastai (here: "none"); a walk that reaches the first point
 *           answers lrMin.</li>
 *     </ul>
 *     On an empty curve every function raises in fastai (here: "none"); on one point {@code minimum}
 *     and {@code valley} answer and {@code steep} raises.</li>
 * </ol>
 * Known limit: PyTorch's vectorised float32 {@code log} (SLEEF, within 1 ulp) and a fused
 * multiply-add in its vectorised {@code lerp} can round differently from Java in the last float32
 * bit, which can move {@code steep} or the EMA only where two values tie within one ulp.
 */
final class FastaiPipeline {

    /** {@code AvgSmoothLoss.beta}. */
    static final float BETA = 0.98f;
    /** {@code LRFinder.after_batch}: stop when the smoothed loss exceeds 4 x best. */
    static final float STOP_FACTOR = 4f;
    /** {@code LRFinder.__init__}: {@code if num_it < 6: num_it = 6}. */
    static final int MIN_NUM_IT = 6;
    /** {@code lr_find}: {@code [num_it//10 : -5]}. */
    static final int TRIM_END = 5;
    /** {@code slide}'s defaults. */
    static final int SLIDE_WINDOW = 15;
    static final double SLIDE_THRESHOLD = 0.005;

    private FastaiPipeline() {
    }

    static AnalysisResult analyze(double[] lrs, double[] rawLosses, int numIt) {
        List<String> notes = new ArrayList<>();
        int cap = Math.max(numIt, MIN_NUM_IT);
        int available = Math.min(rawLosses.length, cap);
        if (rawLosses.length > cap) {
            notes.add("fastai stops after num_it = " + cap + " steps: the last " + (rawLosses.length - cap)
                    + " points are ignored");
        }

        double[] smoothed = new double[available];
        float average = 0f;
        float best = Float.POSITIVE_INFINITY;
        int recorded = available;
        for (int i = 0; i < available; i++) {
            float loss = (float) rawLosses[i];
            average = average - (average - loss) * (1f - BETA);
            float value = average / (float) (1 - Math.pow(BETA_DOUBLE, i + 1));
            smoothed[i] = value;
            if (value < best) {
                best = value;
            }
            if (value > STOP_FACTOR * best) {
                recorded = i + 1;
                notes.add("fastai stops at index " + i + ": smoothed loss " + fmt(value) + " > 4 x best " + fmt(best)
                        + " (the point is kept)");
                break;
            }
        }

        return suggest(lrs, rawLosses, smoothed, recorded, numIt, notes);
    }

    /**
     * fastai's answers from what its {@code Recorder} kept: {@code recorder.lrs} and
     * {@code recorder.losses}, the smoothed loss, which already ends where fastai stopped. The raw
     * losses of the result are recovered by {@link #unsmooth}.
     */
    static AnalysisResult analyzeRecorded(double[] lrs, double[] recordedLosses, int numIt) {
        List<String> notes = new ArrayList<>();
        notes.add("the losses are fastai's Recorder.losses, already smoothed (AvgSmoothLoss, beta 0.98) and stopped:"
                + " neither is applied again");
        double[] smoothed = CompatMath.recordedUpTo(recordedLosses, Math.max(numIt, MIN_NUM_IT), "fastai", "num_it", notes);
        for (int i = 0; i < smoothed.length; i++) {
            smoothed[i] = (float) smoothed[i]; // fastai's Recorder holds float32 losses
        }
        return suggest(lrs, unsmooth(smoothed), smoothed, smoothed.length, numIt, notes);
    }

    /**
     * The raw losses behind fastai's smoothed ones: {@code val_t = s_t * (1 - 0.98^t)} undoes the
     * debiasing and {@code x_t = val_{t-1} - (val_{t-1} - val_t) / (1 - 0.98f)} the lerp. fastai
     * keeps {@code s_t} in float32, so {@code val_t} is known to one float32 rounding and the
     * recovered loss to about 50 of them (1 / (1 - beta)); NaN stays NaN from where it appears.
     */
    static double[] unsmooth(double[] smoothed) {
        double[] raw = new double[smoothed.length];
        double weight = 1f - BETA;
        double previous = 0;
        for (int i = 0; i < smoothed.length; i++) {
            double average = smoothed[i] * (float) (1 - Math.pow(BETA_DOUBLE, i + 1));
            raw[i] = (float) (previous - (previous - average) / weight);
            previous = average;
        }
        return raw;
    }

    private static AnalysisResult suggest(double[] lrs, double[] rawLosses, double[] smoothed, int recorded, int numIt,
            List<String> notes) {
        int[] slice = CompatMath.pythonSlice(recorded, numIt / 10, -TRIM_END);
        int from = slice[0];
        int to = slice[1];
        notes.add("fastai keeps recorded points [" + numIt + "//10 : -5] = [" + from + ", " + to + ") of " + recorded);
        float[] lossesF = CompatMath.toFloat32(smoothed, from, to);
        float[] lrsF = CompatMath.toFloat32(lrs, from, to);
        for (int i = 0; i < lossesF.length; i++) {
            if (Float.isNaN(lossesF[i])) {
                notes.add("fastai drops everything from the first NaN, at index " + (from + i));
                lossesF = Arrays.copyOf(lossesF, i);
                lrsF = Arrays.copyOf(lrsF, i);
                break;
            }
        }

        Map<Method, Suggestion> suggestions = new LinkedHashMap<>();
        suggestions.put(Method.MINIMUM, minimum(lrsF, lossesF, from));
        suggestions.put(Method.STEEP, steep(lrsF, lossesF, from));
        suggestions.put(Method.VALLEY, valley(lrsF, lossesF, from));
        suggestions.put(Method.SLIDE, slide(lrsF, lossesF, from));
        return new AnalysisResult(Compat.FASTAI.id(), Arrays.copyOf(lrs, recorded), Arrays.copyOf(rawLosses, recorded),
                Arrays.copyOf(smoothed, recorded), suggestions, Method.VALLEY, notes, lrs.length);
    }

    private static final double BETA_DOUBLE = 0.98;

    static Suggestion minimum(float[] lrs, float[] losses, int offset) {
        if (losses.length == 0) {
            return Suggestion.none(Method.MINIMUM, "no points left after fastai's trimming (fastai raises on argmin of an empty tensor)");
        }
        int i = CompatMath.argminNanFirst(losses);
        return CompatMath.present(Method.MINIMUM, (double) lrs[i] / 10, offset + i,
                "fastai minimum: the loss is lowest at lr " + fmt(lrs[i]) + "; a tenth of that");
    }

    static Suggestion steep(float[] lrs, float[] losses, int offset) {
        if (losses.length < 2) {
            return Suggestion.none(Method.STEEP, "fastai's steep needs 2 points after trimming, got " + losses.length
                    + " (fastai raises on argmin of an empty tensor)");
        }
        float[] grads = new float[losses.length - 1];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = (losses[i + 1] - losses[i]) / ((float) Math.log(lrs[i + 1]) - (float) Math.log(lrs[i]));
        }
        int i = CompatMath.argminNanFirst(grads);
        return CompatMath.present(Method.STEEP, lrs[i], offset + i,
                "fastai steep: the steepest segment of loss vs ln(lr) starts at lr " + fmt(lrs[i]));
    }

    static Suggestion valley(float[] lrs, float[] losses, int offset) {
        int n = losses.length;
        if (n == 0) {
            return Suggestion.none(Method.VALLEY, "no points left after fastai's trimming (fastai raises IndexError)");
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = losses[i];
        }
        int[] found = Valley.longestDecreasing(values);
        int index = Valley.fastaiIndex(found[0], found[1]);
        String wrap = "";
        if (index < 0) {
            index += n;
            wrap = " (index -1 wraps to the last lr, as in Python)";
        }
        return CompatMath.present(Method.VALLEY, lrs[index], offset + index, "fastai valley: longest decreasing stretch of "
                + found[0] + " points ending at lr " + fmt(lrs[found[1]]) + "; lr " + fmt(lrs[index]) + wrap);
    }

    static Suggestion slide(float[] lrs, float[] losses, int offset) {
        int n = losses.length;
        if (n < SLIDE_WINDOW + 1) {
            return Suggestion.none(Method.SLIDE, "fastai's slide needs " + (SLIDE_WINDOW + 1) + " points after trimming, got "
                    + n + " (fastai raises IndexError)");
        }
        float[] gradient = CompatMath.numpyGradient(losses);
        int right = n - 1;
        int left = right - SLIDE_WINDOW;
        int answer = left;
        while (left >= 0 && Math.abs(gradient[right] - gradient[left]) > SLIDE_THRESHOLD) {
            answer = left;
            right--;
            left--;
        }
        String how = left < 0 ? "the walk reached the first point, which fastai answers"
                : "gradients 15 points apart first agree within 0.005 just left of lr " + fmt(lrs[answer]);
        return CompatMath.present(Method.SLIDE, (double) lrs[answer] * 1.0, offset + answer, "fastai slide: " + how);
    }
}
