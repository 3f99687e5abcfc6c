package dev.lrfinder.analysis;

/** No smoothing: the losses are copied as they are. Use it for curves that are smooth already. */
public enum NoSmoothing implements Smoothing {
    /** The only instance. */
    INSTANCE;

    /** The command-line name. */
    public static final String ID = "none";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public double[] smooth(double[] log10Lr, double[] losses) {
        Smoothing.checkLengths(log10Lr, losses);
        return losses.clone();
    }
}
