package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;

/**
 * fastai's debiased exponential moving average ({@code AvgSmoothLoss}):
 * {@code v_0 = 0}, {@code v_k = beta * v_(k-1) + (1 - beta) * x_k},
 * {@code s_k = v_k / (1 - beta^k)} for k = 1..n.
 *
 * <p>The division removes the bias towards 0 of a zero-started average, so {@code s_1 = x_1}.
 * Like every causal EMA it lags: a feature of the raw curve appears about {@code 1/(1-beta)}
 * steps later in the smoothed one. Computed in double precision; the float32 version fastai
 * actually runs is in {@link Compat#FASTAI}.
 *
 * @param beta the weight of the past, in [0, 1); 0 means no smoothing
 */
public record DebiasedEmaSmoothing(double beta) implements Smoothing {

    /** The command-line name. */
    public static final String ID = "debiased-ema";

    /**
     * fastai's beta. Raise it (0.99) for very noisy losses with many steps, lower it (0.9) for
     * short sweeps of under ~50 steps, where 0.98 averages over most of the sweep.
     */
    public static final double DEFAULT_BETA = 0.98;

    static final DebiasedEmaSmoothing DEFAULT = new DebiasedEmaSmoothing(DEFAULT_BETA);

    public DebiasedEmaSmoothing {
        Checks.inHalfOpen("beta", beta, 0, 1);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public double[] smooth(double[] log10Lr, double[] losses) {
        Smoothing.checkLengths(log10Lr, losses);
        double[] out = new double[losses.length];
        double average = 0;
        double betaPower = 1;
        for (int k = 0; k < losses.length; k++) {
            average = beta * average + (1 - beta) * losses[k];
            betaPower *= beta;
            out[k] = average / (1 - betaPower);
        }
        return out;
    }
}
