package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.TrainingSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How {@link CurveAnalysis} reads a curve: where it stops, the smoothing, the rules to run, the
 * default rule and the rules' parameters. Immutable; build one with {@link #builder()} or take {@link #defaults()}.
 */
public final class AnalysisOptions {

    /**
     * The head of {@link #FALLBACK_ORDER}: {@code divergence}, a tenth of where the smoothed loss
     * turns up for good. The recommendation itself is read with the target schedule's rule ({@link
     * TargetRule}, from docs/evidence/recommendation.md); this one was the default method before
     * targets, chosen from evidence, not habit ({@code
     * docs/evidence/default-method.md}, made by {@code dev.lrfinder.bench.DefaultMethodEvidence}):
     * on 8 task/optimizer cases, fixed-rate fits of 300 steps at each method's geometric-mean
     * suggestion lost least against the best rate of a quarter-decade grid with divergence (mean
     * regret 0.20 of the achievable improvement) and minimum (0.22), then valley (0.25), slide (0.26),
     * steepest (0.34; closest in distance, but it overshoots into divergence on two cases) and steep
     * (0.49). fastai's default, valley, was 1.1 decades below the best rate on average and never within
     * 3x of it. Change it only with a new run of that experiment.
     */
    public static final Method DEFAULT_METHOD = Method.DIVERGENCE;

    /**
     * Where the recommendation comes from when the default method gives no answer in any run: the
     * first method of this list, among those run, that answers in at least one. The order is the
     * default-method experiment's mean regret (lowest first: divergence 0.20, minimum 0.22, valley
     * 0.25, slide 0.26, steepest 0.34, steep 0.49, slide-relative 0.68). Change it with
     * {@link #DEFAULT_METHOD}, after a new run of that experiment.
     */
    public static final List<Method> FALLBACK_ORDER = List.of(Method.DIVERGENCE, Method.MINIMUM, Method.VALLEY,
            Method.SLIDE, Method.STEEPEST, Method.STEEP, Method.SLIDE_RELATIVE);

    /**
     * Where a recorded curve is cut before it is read: the sweep's own default rule (the smoothed loss
     * past 4x its best), so that a curve recorded without a stop (a tool that ran to its end lr) is read
     * as far as lrfinder's sweep would have run, and no rule answers from the blow-up. Use
     * {@link DivergenceRule#none()} for a curve that was stopped already (lrfinder's {@code find}
     * passes none: its sweep applied the rule it was given).
     */
    public static final DivergenceRule DEFAULT_DIVERGENCE = DivergenceRule.defaultRule();

    /** Points skipped at the start by {@code steepest}: torch-lr-finder's and Lightning's 10. */
    public static final int DEFAULT_STEEPEST_SKIP_START = 10;

    /** Points skipped at the end by {@code steepest}: torch-lr-finder's 5 (Lightning uses 1). */
    public static final int DEFAULT_STEEPEST_SKIP_END = 5;

    /** fastai's slide window, in points ({@code lr_diff}). */
    public static final int DEFAULT_SLIDE_WINDOW = 15;

    /** fastai's slide threshold, in loss units per step ({@code thresh}): fits losses of order 1. */
    public static final double DEFAULT_SLIDE_THRESHOLD = 0.005;

    /** fastai's slide factor applied to the answer ({@code adjust_value}). */
    public static final double DEFAULT_SLIDE_ADJUST = 1.0;

    /**
     * The scale-free slide's threshold, in loss drops per decade of lr. It is fastai's 0.005 loss/step
     * translated at fastai's reference setting: 100 steps over 1e-7..10 (12.5 steps per decade) make
     * 0.0625 loss per decade, and a cross-entropy range test drops by about 2, so 0.03 drops per decade.
     * Raise it if the answer sits too far left on noisy curves.
     */
    public static final double DEFAULT_SLIDE_RELATIVE_THRESHOLD = 0.03;

    /**
     * How close to its minimum, as a fraction of the loss drop, the smoothed loss must stay to count
     * as still "on the floor" for {@code divergence}. 5% is above the ripple a smoothed curve keeps
     * on its floor and far below the rise of a diverging loss. Raise it for noisy, lightly smoothed
     * curves.
     */
    public static final double DEFAULT_DIVERGENCE_TOLERANCE = 0.05;

    private static final AnalysisOptions DEFAULTS = builder().build();

    private final DivergenceRule divergence;
    private final Smoothing smoothing;
    private final Set<Method> methods;
    private final Method defaultMethod;
    private final TrainingSchedule target;
    private final boolean smoothingGiven;
    private final boolean defaultMethodGiven;
    private final int steepestSkipStart;
    private final int steepestSkipEnd;
    private final int slideWindow;
    private final double slideThreshold;
    private final double slideAdjust;
    private final double slideRelativeThreshold;
    private final double divergenceTolerance;

    private AnalysisOptions(Builder builder) {
        this.divergence = builder.divergence;
        TargetRule rule = TargetRule.of(builder.target);
        this.target = builder.target;
        this.smoothingGiven = builder.smoothing != null;
        this.defaultMethodGiven = builder.defaultMethod != null;
        this.smoothing = smoothingGiven ? builder.smoothing : rule.smoothing();
        this.methods = builder.methods;
        this.defaultMethod = defaultMethodGiven ? builder.defaultMethod : rule.method();
        this.steepestSkipStart = builder.steepestSkipStart;
        this.steepestSkipEnd = builder.steepestSkipEnd;
        this.slideWindow = builder.slideWindow;
        this.slideThreshold = builder.slideThreshold;
        this.slideAdjust = builder.slideAdjust;
        this.slideRelativeThreshold = builder.slideRelativeThreshold;
        this.divergenceTolerance = builder.divergenceTolerance;
    }

    /** All rules, {@link Smoothing#DEFAULT}, {@link #DEFAULT_METHOD} and the documented defaults. */
    public static AnalysisOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.divergence = divergence;
        builder.smoothing = smoothingGiven ? smoothing : null;
        builder.methods = EnumSet.copyOf(methods);
        builder.defaultMethod = defaultMethodGiven ? defaultMethod : null;
        builder.target = target;
        builder.steepestSkipStart = steepestSkipStart;
        builder.steepestSkipEnd = steepestSkipEnd;
        builder.slideWindow = slideWindow;
        builder.slideThreshold = slideThreshold;
        builder.slideAdjust = slideAdjust;
        builder.slideRelativeThreshold = slideRelativeThreshold;
        builder.divergenceTolerance = divergenceTolerance;
        return builder;
    }

    /** Where a curve is cut before it is read; see {@link #DEFAULT_DIVERGENCE}. */
    public DivergenceRule divergence() {
        return divergence;
    }

    /** The smoothing named with {@link Builder#optSmoothing}, else the target rule's ({@link TargetRule#smoothing()}). */
    public Smoothing smoothing() {
        return smoothing;
    }

    /** The schedule the recommendation is for ({@link TargetRule#DEFAULT_TARGET} unless named). */
    public TrainingSchedule target() {
        return target;
    }

    /**
     * How the recommendation is read for {@link #target()}: the target's rule, with the default
     * method and smoothing these options name where they name one (then the factor is the rule's
     * when its method is the rule's, else 1).
     */
    public TargetRule rule() {
        TargetRule evidence = TargetRule.of(target);
        double factor = defaultMethod == evidence.method() ? evidence.factor() : 1;
        return new TargetRule(target, defaultMethod, factor, smoothing);
    }

    /**
     * The methods the recommendation is taken from, in turn: the default method, then the others
     * run, in {@link #FALLBACK_ORDER}.
     */
    public List<Method> recommendationOrder() {
        List<Method> order = new ArrayList<>();
        order.add(defaultMethod);
        for (Method method : FALLBACK_ORDER) {
            if (method != defaultMethod && methods.contains(method)) {
                order.add(method);
            }
        }
        return List.copyOf(order);
    }

    /** The rules to run, in {@link Method} order; always contains {@link #defaultMethod()}. */
    public Set<Method> methods() {
        return EnumSet.copyOf(methods);
    }

    public Method defaultMethod() {
        return defaultMethod;
    }

    public int steepestSkipStart() {
        return steepestSkipStart;
    }

    public int steepestSkipEnd() {
        return steepestSkipEnd;
    }

    public int slideWindow() {
        return slideWindow;
    }

    public double slideThreshold() {
        return slideThreshold;
    }

    public double slideAdjust() {
        return slideAdjust;
    }

    public double slideRelativeThreshold() {
        return slideRelativeThreshold;
    }

    public double divergenceTolerance() {
        return divergenceTolerance;
    }

    boolean runs(Method method) {
        return methods.contains(method);
    }

    @Override
    public String toString() {
        return "AnalysisOptions[divergence=" + divergence.id() + ", smoothing=" + smoothing.id() + ", target=" + target.id() + ", methods=" + methods + ", defaultMethod="
                + defaultMethod + ", steepestSkip=" + steepestSkipStart + "/" + steepestSkipEnd + ", slide="
                + slideWindow + "/" + slideThreshold + "/" + slideAdjust + ", slideRelativeThreshold="
                + slideRelativeThreshold + ", divergenceTolerance=" + divergenceTolerance + "]";
    }

    /** Builds {@link AnalysisOptions}; every setter validates its argument at once. */
    public static final class Builder {
        private DivergenceRule divergence = DEFAULT_DIVERGENCE;
        private Smoothing smoothing;
        private EnumSet<Method> methods = EnumSet.allOf(Method.class);
        private Method defaultMethod;
        private TrainingSchedule target = TargetRule.DEFAULT_TARGET;
        private int steepestSkipStart = DEFAULT_STEEPEST_SKIP_START;
        private int steepestSkipEnd = DEFAULT_STEEPEST_SKIP_END;
        private int slideWindow = DEFAULT_SLIDE_WINDOW;
        private double slideThreshold = DEFAULT_SLIDE_THRESHOLD;
        private double slideAdjust = DEFAULT_SLIDE_ADJUST;
        private double slideRelativeThreshold = DEFAULT_SLIDE_RELATIVE_THRESHOLD;
        private double divergenceTolerance = DEFAULT_DIVERGENCE_TOLERANCE;

        private Builder() {
        }

        /** Where the curve is cut before it is read ({@link #DEFAULT_DIVERGENCE}); none keeps every finite point. */
        public Builder optDivergence(DivergenceRule divergence) {
            this.divergence = Objects.requireNonNull(divergence, "divergence must not be null");
            return this;
        }

        public Builder optSmoothing(Smoothing smoothing) {
            this.smoothing = Objects.requireNonNull(smoothing, "smoothing must not be null");
            return this;
        }

        /** The rules to run; the default method must be among them when {@link #build()} runs. */
        public Builder optMethods(Collection<Method> methods) {
            Objects.requireNonNull(methods, "methods must not be null");
            if (methods.isEmpty()) {
                throw Checks.invalid("methods", "[]", "at least one of " + String.join(", ", Method.ids()));
            }
            for (Method method : methods) {
                Objects.requireNonNull(method, "methods must not contain null");
            }
            this.methods = EnumSet.copyOf(methods);
            return this;
        }

        public Builder optMethods(Method... methods) {
            return optMethods(Arrays.asList(methods));
        }

        /**
         * The schedule the recommended rate is for ({@link TargetRule#DEFAULT_TARGET} by default): it
         * picks the rule (method, factor, smoothing) the recommendation is read with, unless {@link
         * #optDefaultMethod} or {@link #optSmoothing} name their own.
         */
        public Builder optTarget(TrainingSchedule target) {
            this.target = Objects.requireNonNull(target, "target must not be null");
            return this;
        }

        public Builder optDefaultMethod(Method defaultMethod) {
            this.defaultMethod = Objects.requireNonNull(defaultMethod, "defaultMethod must not be null");
            return this;
        }

        public Builder optSteepestSkip(int skipStart, int skipEnd) {
            if (skipStart < 0) {
                throw Checks.invalid("steepestSkipStart", skipStart, "an integer >= 0");
            }
            if (skipEnd < 0) {
                throw Checks.invalid("steepestSkipEnd", skipEnd, "an integer >= 0");
            }
            this.steepestSkipStart = skipStart;
            this.steepestSkipEnd = skipEnd;
            return this;
        }

        public Builder optSlide(int window, double threshold, double adjust) {
            if (window < 1) {
                throw Checks.invalid("slideWindow", window, "an integer >= 1 (points)");
            }
            Checks.nonNegative("slideThreshold", threshold);
            Checks.positive("slideAdjust", adjust);
            this.slideWindow = window;
            this.slideThreshold = threshold;
            this.slideAdjust = adjust;
            return this;
        }

        public Builder optSlideRelativeThreshold(double threshold) {
            Checks.nonNegative("slideRelativeThreshold", threshold);
            this.slideRelativeThreshold = threshold;
            return this;
        }

        public Builder optDivergenceTolerance(double tolerance) {
            Checks.inHalfOpen("divergenceTolerance", tolerance, 0, 1);
            this.divergenceTolerance = tolerance;
            return this;
        }

        /**
         * @throws IllegalArgumentException if the default method is not among the methods to run
         */
        public AnalysisOptions build() {
            Method wanted = defaultMethod != null ? defaultMethod : TargetRule.of(target).method();
            if (!methods.contains(wanted)) {
                throw Checks.invalid("defaultMethod", wanted, "one of the methods run ("
                        + methods.stream().map(Method::id).collect(Collectors.joining(", "))
                        + "): add it to optMethods or choose one of them as optDefaultMethod");
            }
            return new AnalysisOptions(this);
        }
    }
}
