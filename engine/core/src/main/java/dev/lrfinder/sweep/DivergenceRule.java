package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
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
 * <p>A NaN or infinite raw loss always ends a sweep ({@link StopReason#NON_FINITE}), even with
 * {@link #none()}.
 */
public sealed interface DivergenceRule {

    /** fastai's threshold: stop once the smoothed loss reaches four times its best. */
    double DEFAULT_THRESHOLD = 4;

    /** The smoothing applied before the check (fastai's {@code beta}). */
    double SMOOTHING_BETA = 0.98;

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
        private double first = Double.NaN;
        private double best = Double.POSITIVE_INFINITY;

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
            if (Double.isNaN(first)) {
                first = smoothed;
            }
            best = Math.min(best, smoothed);
            double scale = Math.max(Math.max(best, 0.1 * (first - best)), 0.1 * Math.abs(first));
            if (!(scale > 0)) {
                scale = Double.MIN_NORMAL; // a curve that starts at exactly 0 and never falls
            }
            return smoothed - best > (threshold - 1) * scale ? StopReason.DIVERGED : null;
        }

        @Override
        public double smoothedLoss() {
            return smoothed;
        }
    }
}
