package dev.lrfinder.sweep;

/**
 * PyTorch's losses and torch.optim's update rules in plain doubles, on a linear model {@code out =
 * W x + b} ({@code W} is outputs x inputs, row-major, then {@code b}: the order both backends keep
 * a built-in MLP without hidden layers in): what the backends' float32 results are checked against.
 * Written from torch's documentation and its Python sources (torch/optim/sgd.py, adam.py, adamw.py,
 * rmsprop.py of 1.13), not from either backend.
 */
public final class TorchReference {
    private final OptimizerSpec spec;
    private final LossSpec loss;
    private final int inputs;
    private final int outputs;
    private final double[] params;
    private final double[][] state;
    private int step;
    private double momentum = Double.NaN;

    /** {@code params}: the model's initial parameters as the backend holds them. */
    public TorchReference(OptimizerSpec spec, LossSpec loss, int inputs, int outputs, double[] params) {
        this.spec = spec;
        this.loss = loss;
        this.inputs = inputs;
        this.outputs = outputs;
        this.params = params.clone();
        this.state = new double[3][];
    }

    public double[] params() {
        return params.clone();
    }

    /** The loss of the rows {@code x} (samples x inputs) against {@code t} at the current parameters. */
    public double loss(float[] x, float[] t) {
        return lossAndGradient(x, t, null);
    }

    /** One optimizer step at {@code lr} on the mean gradient of the given batches; the mean of their losses. */
    public double step(double lr, float[][] xs, float[][] ts) {
        return step(lr, Double.NaN, xs, ts);
    }

    /**
     * {@link #step(double, float[][], float[][])} with the momentum (SGD, RMSprop) or beta1 (Adam,
     * AdamW) set to {@code momentum} first, as torch's OneCycleLR sets the parameter group's before
     * each step; NaN keeps the spec's.
     */
    public double step(double lr, double momentum, float[][] xs, float[][] ts) {
        this.momentum = momentum;
        double[] grad = new double[params.length];
        double total = 0;
        for (int k = 0; k < xs.length; k++) {
            double[] g = new double[params.length];
            total += lossAndGradient(xs[k], ts[k], g);
            for (int i = 0; i < g.length; i++) {
                grad[i] += g[i] / xs.length;
            }
        }
        apply(lr, grad);
        return total / xs.length;
    }

    private double lossAndGradient(float[] x, float[] t, double[] grad) {
        int rows = t.length;
        double sum = 0;
        double[] out = new double[outputs];
        double[] dOut = new double[outputs];
        for (int i = 0; i < rows; i++) {
            for (int o = 0; o < outputs; o++) {
                double z = params[outputs * inputs + o];
                for (int j = 0; j < inputs; j++) {
                    z += params[o * inputs + j] * x[i * inputs + j];
                }
                out[o] = z;
            }
            sum += rowLoss(out, t[i], dOut);
            if (grad != null) {
                for (int o = 0; o < outputs; o++) {
                    double g = dOut[o] / rows;
                    for (int j = 0; j < inputs; j++) {
                        grad[o * inputs + j] += g * x[i * inputs + j];
                    }
                    grad[outputs * inputs + o] += g;
                }
            }
        }
        return sum / rows;
    }

    /** One row's loss; its derivative by each output into {@code d}. */
    private double rowLoss(double[] out, double target, double[] d) {
        switch (loss.kind()) {
            case CROSS_ENTROPY -> {
                double max = Double.NEGATIVE_INFINITY;
                for (double z : out) {
                    max = Math.max(max, z);
                }
                double norm = 0;
                for (double z : out) {
                    norm += Math.exp(z - max);
                }
                double logNorm = max + Math.log(norm);
                double eps = loss.labelSmoothing();
                int k = out.length;
                double value = 0;
                for (int c = 0; c < k; c++) {
                    double q = (c == (int) target ? 1 - eps : 0) + eps / k;
                    value -= q * (out[c] - logNorm);
                    d[c] = Math.exp(out[c] - logNorm) - q;
                }
                return value;
            }
            case BCE -> {
                double z = out[0];
                d[0] = 1 / (1 + Math.exp(-z)) - target;
                return Math.max(z, 0) - z * target + Math.log1p(Math.exp(-Math.abs(z)));
            }
            case MSE -> {
                double e = out[0] - target;
                d[0] = 2 * e;
                return e * e;
            }
            case L1 -> {
                double e = out[0] - target;
                d[0] = Math.signum(e);
                return Math.abs(e);
            }
            case HUBER -> {
                double e = out[0] - target;
                double delta = loss.huberDelta();
                d[0] = Math.abs(e) < delta ? e : delta * Math.signum(e);
                return Math.abs(e) < delta ? 0.5 * e * e : delta * (Math.abs(e) - 0.5 * delta);
            }
            default -> throw new AssertionError(loss.kind());
        }
    }

    private double[] slot(int i) {
        if (state[i] == null) {
            state[i] = new double[params.length];
        }
        return state[i];
    }

    private void apply(double lr, double[] grad) {
        step++;
        double wd = spec.weightDecay();
        double mom = Double.isNaN(momentum) ? spec.momentum() : momentum;
        switch (spec.kind()) {
            case SGD -> {
                for (int i = 0; i < params.length; i++) {
                    double g = grad[i] + wd * params[i];
                    if (mom != 0) {
                        double[] buf = slot(0);
                        buf[i] = step == 1 ? g : mom * buf[i] + (1 - spec.dampening()) * g;
                        g = spec.nesterov() ? g + mom * buf[i] : buf[i];
                    }
                    params[i] -= lr * g;
                }
            }
            case ADAM, ADAMW -> {
                double[] m = slot(0);
                double[] v = slot(1);
                double b1 = Double.isNaN(momentum) ? spec.beta1() : momentum;
                double b2 = spec.beta2();
                for (int i = 0; i < params.length; i++) {
                    double g = grad[i];
                    if (spec.kind() == OptimizerKind.ADAMW) {
                        params[i] *= 1 - lr * wd;
                    } else {
                        g += wd * params[i];
                    }
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, step)) + spec.eps();
                    params[i] -= lr / (1 - Math.pow(b1, step)) * m[i] / denom;
                }
            }
            case RMSPROP -> {
                double[] sq = slot(0);
                double[] avgGrad = slot(1);
                double[] buf = slot(2);
                double a = spec.alpha();
                for (int i = 0; i < params.length; i++) {
                    double g = grad[i] + wd * params[i];
                    sq[i] = a * sq[i] + (1 - a) * g * g;
                    double avg;
                    if (spec.centered()) {
                        avgGrad[i] = a * avgGrad[i] + (1 - a) * g;
                        avg = Math.sqrt(sq[i] - avgGrad[i] * avgGrad[i]) + spec.eps();
                    } else {
                        avg = Math.sqrt(sq[i]) + spec.eps();
                    }
                    if (mom > 0) {
                        buf[i] = mom * buf[i] + g / avg;
                        params[i] -= lr * buf[i];
                    } else {
                        params[i] -= lr * g / avg;
                    }
                }
            }
            default -> throw new AssertionError(spec.kind());
        }
    }
}
