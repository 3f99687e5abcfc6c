package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;

/**
 * Numerical derivatives with the semantics of numpy's {@code gradient} (edge_order 1): second-order
 * central differences inside, first-order one-sided differences at both ends.
 */
public final class Derivatives {

    private Derivatives() {
    }

    /**
     * {@code numpy.gradient(f)}: the derivative over the index (spacing 1).
     *
     * @throws IllegalArgumentException if {@code f} has fewer than 2 points
     */
    public static double[] gradient(double[] f) {
        requireAtLeastTwo(f, "f");
        int n = f.length;
        double[] out = new double[n];
        for (int i = 1; i < n - 1; i++) {
            out[i] = (f[i + 1] - f[i - 1]) / 2.0;
        }
        out[0] = f[1] - f[0];
        out[n - 1] = f[n - 1] - f[n - 2];
        return out;
    }

    /**
     * {@code numpy.gradient(f, x)}: the derivative of f over the coordinates x, which may be spaced
     * unevenly. Inside, {@code a*f[i-1] + b*f[i] + c*f[i+1]} with
     * {@code a = -h2/(h1(h1+h2))}, {@code b = (h2-h1)/(h1 h2)}, {@code c = h1/(h2(h1+h2))},
     * h1 and h2 the spacings left and right; exact for parabolas. Like numpy, exactly equal spacings
     * use the uniform formula {@code (f[i+1]-f[i-1]) / (2h)}.
     *
     * @throws IllegalArgumentException if the lengths differ, there are fewer than 2 points, or x is
     *     not strictly increasing
     */
    public static double[] gradient(double[] f, double[] x) {
        requireAtLeastTwo(f, "f");
        if (x == null || x.length != f.length) {
            throw Checks.invalid("x", x == null ? null : x.length + " points", "as many points as f (" + f.length + ")");
        }
        int n = f.length;
        double[] dx = new double[n - 1];
        boolean uniform = true;
        for (int i = 0; i < n - 1; i++) {
            dx[i] = x[i + 1] - x[i];
            if (!(dx[i] > 0)) {
                throw Checks.invalid("x[" + (i + 1) + "]", x[i + 1], "greater than x[" + i + "] = " + x[i]
                        + " (x must be strictly increasing)");
            }
            uniform &= dx[i] == dx[0];
        }
        double[] out = new double[n];
        if (uniform) {
            double h = dx[0];
            for (int i = 1; i < n - 1; i++) {
                out[i] = (f[i + 1] - f[i - 1]) / (2.0 * h);
            }
        } else {
            for (int i = 1; i < n - 1; i++) {
                double h1 = dx[i - 1];
                double h2 = dx[i];
                double a = -h2 / (h1 * (h1 + h2));
                double b = (h2 - h1) / (h1 * h2);
                double c = h1 / (h2 * (h1 + h2));
                out[i] = a * f[i - 1] + b * f[i] + c * f[i + 1];
            }
        }
        out[0] = (f[1] - f[0]) / dx[0];
        out[n - 1] = (f[n - 1] - f[n - 2]) / dx[n - 2];
        return out;
    }

    /** log10 of every learning rate: the x axis of a range test. */
    public static double[] log10(double[] lrs) {
        double[] out = new double[lrs.length];
        for (int i = 0; i < lrs.length; i++) {
            out[i] = Math.log10(lrs[i]);
        }
        return out;
    }

    private static void requireAtLeastTwo(double[] f, String name) {
        if (f == null || f.length < 2) {
            throw Checks.invalid(name, f == null ? null : f.length + " points", "at least 2 points for a gradient");
        }
    }
}
