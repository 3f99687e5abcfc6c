package dev.lrfinder.analysis;

import java.util.List;

/**
 * The arithmetic of the Python tools, reproduced operation by operation so that the compat
 * pipelines round as the tools do: float32 tensors for fastai and Lightning, float64 numpy arrays
 * for torch-lr-finder, and argmin that, like both numpy and PyTorch, answers the first NaN if there
 * is one.
 */
final class CompatMath {

    private CompatMath() {
    }

    /** Python's {@code values[start:stop]} bounds for a slice with a non-negative start and a negative stop. */
    static int[] pythonSlice(int length, int start, int negativeStop) {
        int from = Math.min(start, length);
        int to = Math.max(length + negativeStop, 0);
        return new int[] {from, Math.max(from, to)};
    }

    static float[] toFloat32(double[] values, int from, int to) {
        float[] out = new float[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = (float) values[i];
        }
        return out;
    }

    /** numpy/PyTorch argmin: the first NaN if any, otherwise the first smallest value; -1 if empty. */
    static int argminNanFirst(float[] values) {
        int best = -1;
        for (int i = 0; i < values.length; i++) {
            if (Float.isNaN(values[i])) {
                return i;
            }
            if (best < 0 || values[i] < values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** numpy/PyTorch argmin on float64: the first NaN if any, otherwise the first smallest value. */
    static int argminNanFirst(double[] values) {
        int best = -1;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                return i;
            }
            if (best < 0 || values[i] < values[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * {@code numpy.gradient} of a float32 array with unit spacing: float32 results,
     * {@code (f[i+1] - f[i-1]) / 2} inside, one-sided differences at the ends. Needs 2 points.
     */
    static float[] numpyGradient(float[] f) {
        int n = f.length;
        float[] out = new float[n];
        for (int i = 1; i < n - 1; i++) {
            out[i] = (f[i + 1] - f[i - 1]) / 2.0f;
        }
        out[0] = f[1] - f[0];
        out[n - 1] = f[n - 1] - f[n - 2];
        return out;
    }

    /**
     * {@code torch.gradient(f, spacing=[x])} in float32, with PyTorch's formula and operation order:
     * {@code a = -dx2 / (dx1 * (dx1 + dx2))}, {@code b = (dx2 - dx1) / (dx1 * dx2)},
     * {@code c = dx1 / (dx2 * (dx1 + dx2))}, centre {@code a*f[i-1] + b*f[i] + c*f[i+1]}, ends
     * {@code (f[1] - f[0]) / dx[0]} and {@code (f[n-1] - f[n-2]) / dx[n-2]}. Needs 2 points. Unlike
     * numpy, PyTorch never switches to the uniform formula for coordinate spacing.
     */
    static float[] torchGradient(float[] f, float[] x) {
        int n = f.length;
        float[] dx = new float[n - 1];
        for (int i = 0; i < n - 1; i++) {
            dx[i] = x[i + 1] - x[i];
        }
        float[] out = new float[n];
        for (int i = 1; i < n - 1; i++) {
            float dx1 = dx[i - 1];
            float dx2 = dx[i];
            float a = -dx2 / (dx1 * (dx1 + dx2));
            float b = (dx2 - dx1) / (dx1 * dx2);
            float c = dx1 / (dx2 * (dx1 + dx2));
            float left = a * f[i - 1];
            float middle = b * f[i];
            float right = c * f[i + 1];
            out[i] = left + middle + right;
        }
        out[0] = (f[1] - f[0]) / dx[0];
        out[n - 1] = (f[n - 1] - f[n - 2]) / dx[n - 2];
        return out;
    }

    /** {@code numpy.gradient} of a float64 array with unit spacing. Needs 2 points. */
    static double[] numpyGradient(double[] f) {
        return Derivatives.gradient(f);
    }

    /**
     * A tool's recorded (already smoothed) losses up to its own step limit, the points past it noted
     * as ignored: each tool stops after {@code limit} steps whatever its file holds.
     */
    static double[] recordedUpTo(double[] recordedLosses, int limit, String tool, String limitName, List<String> notes) {
        if (recordedLosses.length > limit) {
            notes.add(tool + " stops after " + limitName + " = " + limit + " steps: the last "
                    + (recordedLosses.length - limit) + " points are ignored");
        }
        return java.util.Arrays.copyOf(recordedLosses, Math.min(recordedLosses.length, limit));
    }

    /** A present suggestion if {@code lr} is a usable learning rate, else "none" saying why. */
    static Suggestion present(Method method, double lr, int index, String reason) {
        if (!(Double.isFinite(lr) && lr > 0)) {
            return Suggestion.none(method, "the tool's answer " + lr + " is not a finite positive learning rate ("
                    + reason + ")");
        }
        return Suggestion.of(method, lr, index, reason);
    }
}
