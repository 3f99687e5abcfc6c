package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;
import java.util.List;
import java.util.Locale;

/**
 * Smooths a range test's per-step losses before the suggestion rules read them.
 *
 * <p>Create one with the static factories; {@link #byName(String)} resolves the command-line
 * names {@code debiased-ema}, {@code ema}, {@code none} and {@code robust}. Implementations are
 * immutable and thread-safe.
 */
public interface Smoothing {

    /**
     * The smoothing used when none is chosen, the one every target's rule ({@link TargetRule}) reads
     * and the plots draw: lrfinder's robust LOESS, centred in log lr and so without lag. On find's
     * tasks it is 0-3 steps from a lag-free reference where the EMAs trail it by 10-17 steps, with
     * less noise than either (docs/evidence/smoothing.md). Change it only with that page and
     * docs/evidence/recommendation.md regenerated.
     */
    Smoothing DEFAULT = RobustLoessSmoothing.DEFAULT;

    /** The command-line name of this smoothing, e.g. {@code debiased-ema}. */
    String id();

    /**
     * Smooths {@code losses}, which must be finite, one per point of the strictly increasing
     * {@code log10Lr} axis.
     *
     * @param log10Lr log10 of the learning rates (only LOESS uses it; EMAs run over the index)
     * @param losses the per-step losses, same length as {@code log10Lr}
     * @return a new array of the same length
     * @throws IllegalArgumentException if the lengths differ
     */
    double[] smooth(double[] log10Lr, double[] losses);

    /** fastai's debiased EMA with {@link DebiasedEmaSmoothing#DEFAULT_BETA}. */
    static Smoothing debiasedEma() {
        return DebiasedEmaSmoothing.DEFAULT;
    }

    /** fastai's debiased EMA with the given beta in [0, 1). */
    static Smoothing debiasedEma(double beta) {
        return new DebiasedEmaSmoothing(beta);
    }

    /** torch-lr-finder's plain EMA with {@link EmaSmoothing#DEFAULT_FACTOR}. */
    static Smoothing ema() {
        return EmaSmoothing.DEFAULT;
    }

    /** torch-lr-finder's plain EMA with the given weight of the new loss, in (0, 1]. */
    static Smoothing ema(double factor) {
        return new EmaSmoothing(factor);
    }

    /** No smoothing: the losses are used as they are. */
    static Smoothing none() {
        return NoSmoothing.INSTANCE;
    }

    /** lrfinder's robust LOESS with {@link RobustLoessSmoothing#DEFAULT_BANDWIDTH}. */
    static Smoothing robust() {
        return RobustLoessSmoothing.DEFAULT;
    }

    /** lrfinder's robust LOESS with the given bandwidth, a fraction of the points in (0, 1]. */
    static Smoothing robust(double bandwidth) {
        return new RobustLoessSmoothing(bandwidth);
    }

    /**
     * Resolves a command-line name, ignoring case, to the smoothing with its default parameter.
     *
     * @throws IllegalArgumentException if {@code name} is unknown; the message lists the names
     */
    static Smoothing byName(String name) {
        if (name == null) {
            throw Checks.invalid("smoothing", null, "one of " + String.join(", ", names()));
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case DebiasedEmaSmoothing.ID -> debiasedEma();
            case EmaSmoothing.ID -> ema();
            case NoSmoothing.ID -> none();
            case RobustLoessSmoothing.ID -> robust();
            default -> throw Checks.invalid("smoothing", name, "one of " + String.join(", ", names()));
        };
    }

    /** The names {@link #byName(String)} accepts. */
    static List<String> names() {
        return List.of(DebiasedEmaSmoothing.ID, EmaSmoothing.ID, NoSmoothing.ID, RobustLoessSmoothing.ID);
    }

    /** Shared argument check of the implementations. */
    static void checkLengths(double[] log10Lr, double[] losses) {
        if (log10Lr == null || losses == null) {
            throw Checks.invalid(log10Lr == null ? "log10Lr" : "losses", null, "an array, one value per point");
        }
        if (log10Lr.length != losses.length) {
            throw Checks.invalid("losses", losses.length + " values", "one per point of log10Lr (" + log10Lr.length + ")");
        }
    }
}
