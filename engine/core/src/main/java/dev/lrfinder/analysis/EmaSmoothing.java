package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;

/**
 * The plain exponential moving average of torch-lr-finder and ignite:
 * {@code s_0 = x_0}, {@code s_i = f * x_i + (1 - f) * s_(i-1)}.
 *
 * <p>Starting from the first loss instead of 0 needs no debiasing. It lags by about {@code 1/f}
 * steps.
 *
 * @param factor the weight {@code f} of the newest loss, in (0, 1]; 1 means no smoothing
 */
public record EmaSmoothing(double factor) implements Smoothing {

    /** The command-line name. */
    public static final String ID = "ema";

    /**
     * torch-lr-finder's {@code smooth_f}. Lower it for noisier losses; raise it (0.1 to 0.2) for
     * sweeps of under ~50 steps.
     */
    public static final double DEFAULT_FACTOR = 0.05;

    static final EmaSmoothing DEFAULT = new EmaSmoothing(DEFAULT_FACTOR);

    public EmaSmoothing {
        if (!(factor > 0 && factor <= 1)) {
            throw Checks.invalid("factor", factor, "a number in (0, 1]");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public double[] smooth(double[] log10Lr, double[] losses) {
        Smoothing.checkLengths(log10Lr, losses);
        double[] out = new double[losses.length];
        for (int i = 0; i < losses.length; i++) {
            // Written as torch-lr-finder writes it, so the rounding matches.
            out[i] = i == 0 ? losses[0] : factor * losses[i] + (1 - factor) * out[i - 1];
        }
        return out;
    }
}
