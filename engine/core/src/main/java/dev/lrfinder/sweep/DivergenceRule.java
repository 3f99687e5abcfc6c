package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import java.util.Arrays;
import java.util.Locale;

/**
 * When a sweep stops because the loss has blown up.
 *
 * <p>The check runs on the smoothed loss {@code s}, a debiased exponential moving average with
 * {@code beta = 0.98} (fastai's), so that one noisy batch does not end a sweep. With {@code best}
 * the lowest {@code s} so far and {@code first} the first one, the sweep has diverged when
 *
 * <pre>  s - best &gt; (threshold - 1) * scale,   scale = max(best, 0.1 * (first - best), 0.1 * |first|)</pre>
 *
 * <p>For an ordinary positive loss ({@code best} above a tenth of where it started) this is fastai's
 * {@code s > threshold * best} exactly. fastai's rule misbehaves in two places this one does not:
 * with negative losses {@code threshold * best} lies below {@code best}, so the very first step
 * "diverges"; and with a best near zero (a regression that fits almost exactly) any wobble of the
 * size of {@code best} "diverges". The two other terms give the rise a scale of its own: how far the
 * loss has fallen ({@code first - best}), and, while it has not fallen yet, a tenth of its starting
 * magnitude, so that batch noise on a flat negative start is not mistaken for a blow-up.
 *
 * <p>The smoothed loss lags the raw one by tens of steps, and a network pushed too far often does
 * not explode but collapses to chance level (a cross-entropy of about ln(classes)): the raw loss jumps
 * back to where it started and stays there, while the lagged average, which never saw the lowest raw
 * losses, stays under four times its own best, and the sweep would run on to its last lr. So two
 * checks on the raw losses themselves run beside it, on {@code r}, the median of the last {@link
 * #RAW_WINDOW} raw losses (robust to one or two noisy batches, late by about two steps), with {@code
 * rBest} its lowest value so far and {@code rFirst} its first:
 * <ul>
 *   <li>the rule above with {@code r} for {@code s} ({@code rBest}, {@code rFirst} for {@code best},
 *       {@code first});</li>
 *   <li>a return to the start: once {@code r} has fallen by at least {@link #FALL_SHARE} of {@code
 *       |rFirst|} ({@code rFirst - rBest}, the drop), the sweep has diverged when {@code r} climbs back
 *       {@link #RETURN_SHARE} of the drop, to near where it started: the collapse.</li>
 * </ul>
 *
 * <p>A NaN or infinite raw loss always ends a sweep ({@link StopReason#NON_FINITE}), even with
 * {@link #none()}.
 */
public sealed interface DivergenceRule {

    /** fastai's threshold: stop once the smoothed loss reaches four times its best. */
    double DEFAULT_THRESHOLD = 4;

    /** The smoothing applied before the check (fastai's {@code beta}). */
    double SMOOTHING_BETA = 0.98;

    /**
     * Raw losses in the running median of the raw checks: 5 outvotes two noisy batches in a row and
     * sees a collapse three steps after it starts. Raise it for very noisy losses (tiny batches).
     */
    int RAW_WINDOW = 5;

    /**
     * How far, as a share of its starting magnitude, the raw median must have fallen before a return
     * to the start counts: 0.25 is well outside the wobble of a plateau, well inside the fall of any
     * range test that trains.
     */
    double FALL_SHARE = 0.25;

    /**
     * How much of its drop the raw median must climb back for a return to the start: 0.9, back to
     * within a tenth of the drop of where training began; no rate that still trains does that.
     */
    double RETURN_SHARE = 0.9;

    /**
     * The drop must also exceed this many times the spread (largest minus smallest) of the first
     * {@link #RAW_WINDOW} raw losses, the batches' own noise before anything trained: where batches
     * differ that much (small batches of a regression), a "fall" and a "return" are noise, and a
     * fit at lr 1e-7 was stopped as diverged without it.
     */
    double NOISE_MULTIPLE = 2;

    /** Stop when the smoothed loss has risen past {@code threshold} (> 1), as defined above. */
    static DivergenceRule threshold(double threshold) {
        return new Threshold(threshold);
    }

    /** Never stop on a rising loss; only a non-finite loss ends the sweep early. */
    static DivergenceRule none() {
        return Disabled.INSTANCE;
    }

    /** {@code "none"} or a number > 1, as written on a command line or in a config file. */
    static DivergenceRule parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none") || t.equals("off")) {
            return none();
        }
        try {
            return threshold(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw Checks.invalid("divergence", text, "a number > 1 or 'none'");
        }
    }

    /** A fresh, stateful check for one sweep. */
    Monitor newMonitor();

    /** How the rule is written in files and on the command line: the threshold or {@code none}. */
    String id();

    /** Follows one sweep's losses, one step at a time. Not thread-safe. */
    interface Monitor {
        /**
         * Takes the raw loss of the next step.
         *
         * @return {@code null} to go on, else why the sweep stops at this step
         */
        StopReason observe(double rawLoss);

        /** The smoothed loss after the last {@link #observe} call. */
        double smoothedLoss();
    }

    /** The default rule. */
    static DivergenceRule defaultRule() {
        return threshold(DEFAULT_THRESHOLD);
    }

    /** See {@link DivergenceRule#threshold(double)}. */
    record Threshold(double threshold) implements DivergenceRule {
        public Threshold {
            if (!(threshold > 1) || !Double.isFinite(threshold)) {
                throw Checks.invalid("divergence", threshold, "a finite number > 1 or 'none'");
            }
        }

        @Override
        public Monitor newMonitor() {
            return new SmoothedMonitor(threshold);
        }

        @Override
        public String id() {
            return Double.toString(threshold);
        }
    }

    /** See {@link DivergenceRule#none()}. */
    enum Disabled implements DivergenceRule {
        INSTANCE;

        @Override
        public Monitor newMonitor() {
            return new SmoothedMonitor(Double.POSITIVE_INFINITY);
        }

        @Override
        public String id() {
            return "none";
        }
    }

    /** The check itself; {@code threshold = +inf} only watches for non-finite losses. */
    final class SmoothedMonitor implements Monitor {
        private final double threshold;
        private double average;
        private double decay = 1; // beta^k
        private double smoothed = Double.NaN;
        private final Rise smoothedRise = new Rise();
        private final double[] window = new double[RAW_WINDOW];
        private final double[] sorted = new double[RAW_WINDOW];
        private int seen;
        private final Rise rawRise = new Rise();

        SmoothedMonitor(double threshold) {
            this.threshold = threshold;
        }

        @Override
        public StopReason observe(double rawLoss) {
            if (!Double.isFinite(rawLoss)) {
                return StopReason.NON_FINITE;
            }
            average = SMOOTHING_BETA * average + (1 - SMOOTHING_BETA) * rawLoss;
            decay *= SMOOTHING_BETA;
            smoothed = average / (1 - decay);
            boolean diverged = smoothedRise.observe(smoothed) > threshold - 1;
            window[seen++ % RAW_WINDOW] = rawLoss;
            if (seen >= RAW_WINDOW) {
                System.arraycopy(window, 0, sorted, 0, RAW_WINDOW);
                Arrays.sort(sorted);
                if (seen == RAW_WINDOW) {
                    rawRise.noise = sorted[RAW_WINDOW - 1] - sorted[0];
                }
                double median = sorted[RAW_WINDOW / 2];
                double rise = rawRise.observe(median);
                // With no threshold (none) only a non-finite loss stops the sweep.
                diverged |= Double.isFinite(threshold) && (rise > threshold - 1 || rawRise.returned(median));
            }
            return diverged ? StopReason.DIVERGED : null;
        }

        @Override
        public double smoothedLoss() {
            return smoothed;
        }
    }

    /** The first, the best and the rise over the best, in the scale of the class comment. */
    final class Rise {
        private double first = Double.NaN;
        private double best = Double.POSITIVE_INFINITY;
        /** The spread of the first raw losses ({@link #NOISE_MULTIPLE}); 0 for the smoothed curve. */
        private double noise;

        /** Takes the next value; returns {@code (value - best) / scale}. */
        double observe(double value) {
            if (Double.isNaN(first)) {
                first = value;
            }
            best = Math.min(best, value);
            double scale = Math.max(Math.max(best, 0.1 * (first - best)), 0.1 * Math.abs(first));
            if (!(scale > 0)) {
                scale = Double.MIN_NORMAL; // a curve that starts at exactly 0 and never falls
            }
            return (value - best) / scale;
        }

        /** Whether {@code value} (observed last) is back near the start after a real fall. */
        boolean returned(double value) {
            double drop = first - best;
            return drop > 0 && drop >= FALL_SHARE * Math.abs(first) && drop > NOISE_MULTIPLE * noise
                    && value - best >= RETURN_SHARE * drop;
        }
    }
}
