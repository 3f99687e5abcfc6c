package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An optimizer and its hyper-parameters other than the learning rate, which the sweep owns: the
 * names, meanings and defaults of {@code torch.optim} ({@link #of} and {@link #builder} start from
 * torch's defaults). A spec's kind is always {@code sgd}, {@code adam}, {@code adamw} or {@code
 * rmsprop}: the shorthands {@link OptimizerKind#MOMENTUM} and {@link OptimizerKind#NESTEROV} become
 * {@code sgd} with {@code nesterov} set for the second.
 *
 * @param kind which optimizer
 * @param momentum SGD's and RMSprop's momentum, in [0, 1)
 * @param dampening SGD's dampening of the momentum buffer, in [0, 1]
 * @param nesterov SGD with Nesterov momentum (needs momentum > 0 and dampening 0, as torch checks)
 * @param weightDecay weight decay, {@code >= 0}: added to the gradient (L2) except for AdamW, whose
 *     decay is decoupled ({@code w *= 1 - lr * weightDecay})
 * @param beta1 Adam's and AdamW's first-moment decay, in [0, 1)
 * @param beta2 Adam's and AdamW's second-moment decay, in [0, 1)
 * @param eps Adam's, AdamW's and RMSprop's term added to the denominator, {@code >= 0}
 * @param alpha RMSprop's smoothing constant of the squared-gradient average, in [0, 1]
 * @param centered RMSprop divides by the centred (variance) estimate
 */
public record OptimizerSpec(OptimizerKind kind, double momentum, double dampening, boolean nesterov,
        double weightDecay, double beta1, double beta2, double eps, double alpha, boolean centered) {

    /** The momentum of the {@code momentum} and {@code nesterov} shorthands: the common choice for SGD. */
    public static final double DEFAULT_MOMENTUM = 0.9;
    /** torch.optim.Adam's and AdamW's {@code betas[0]}. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** torch.optim.Adam's and AdamW's {@code betas[1]}. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** torch.optim.Adam's, AdamW's and RMSprop's {@code eps}. */
    public static final double DEFAULT_EPS = 1e-8;
    /** torch.optim.RMSprop's {@code alpha}. */
    public static final double DEFAULT_ALPHA = 0.99;
    /** torch.optim.AdamW's {@code weight_decay} (every other optimizer's is 0). */
    public static final double DEFAULT_ADAMW_WEIGHT_DECAY = 0.01;

    private static final Set<OptimizerKind> SGD_ONLY = EnumSet.of(OptimizerKind.SGD);
    private static final Set<OptimizerKind> WITH_MOMENTUM = EnumSet.of(OptimizerKind.SGD, OptimizerKind.RMSPROP);
    private static final Set<OptimizerKind> ADAMS = EnumSet.of(OptimizerKind.ADAM, OptimizerKind.ADAMW);
    private static final Set<OptimizerKind> WITH_EPS = EnumSet.of(OptimizerKind.ADAM, OptimizerKind.ADAMW,
            OptimizerKind.RMSPROP);
    private static final Set<OptimizerKind> RMSPROP_ONLY = EnumSet.of(OptimizerKind.RMSPROP);

    public OptimizerSpec {
        if (kind == null) {
            throw Checks.invalid("optimizer", null, "one of " + OptimizerKind.ids());
        }
        if (kind.isShorthand()) {
            nesterov |= kind == OptimizerKind.NESTEROV;
            kind = OptimizerKind.SGD;
        }
        Checks.inHalfOpen("momentum", momentum, 0, 1);
        if (!(dampening >= 0 && dampening <= 1)) {
            throw Checks.invalid("dampening", dampening, "a number in [0.0, 1.0]");
        }
        Checks.nonNegative("weightDecay", weightDecay);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw Checks.invalid("betas", beta1 + "," + beta2, "two numbers in [0.0, 1.0)");
        }
        Checks.nonNegative("eps", eps);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw Checks.invalid("alpha", alpha, "a number in [0.0, 1.0]");
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw Checks.invalid("nesterov", true, "false unless momentum > 0 and dampening is 0 (momentum = "
                    + momentum + ", dampening = " + dampening + "), as torch.optim.SGD requires");
        }
    }

    /**
     * The form of before: {@code momentum} counts for the {@code momentum} and {@code nesterov}
     * shorthands only (plain {@code sgd}, Adam and AdamW ignore it); every other value is torch's
     * default.
     */
    public OptimizerSpec(OptimizerKind kind, double momentum, double weightDecay) {
        this(builderFrom(kind, momentum, weightDecay));
    }

    private OptimizerSpec(OptimizerSpec s) {
        this(s.kind, s.momentum, s.dampening, s.nesterov, s.weightDecay, s.beta1, s.beta2, s.eps, s.alpha, s.centered);
    }

    private static OptimizerSpec builderFrom(OptimizerKind kind, double momentum, double weightDecay) {
        Builder b = builder(kind).optWeightDecay(weightDecay);
        return (kind != null && kind.isShorthand() ? b.optMomentum(momentum) : b).build();
    }

    /** {@code kind} with torch.optim's defaults (momentum 0.9 for the shorthands). */
    public static OptimizerSpec of(OptimizerKind kind) {
        return builder(kind).build();
    }

    /** A builder starting from torch.optim's defaults for {@code kind}. */
    public static Builder builder(OptimizerKind kind) {
        return new Builder(kind);
    }

    /**
     * The hyper-parameters this kind reads, by the run record's names ({@code momentum}, {@code
     * weightDecay}, {@code betas} as a list...), in torch's order.
     */
    public Map<String, Object> hyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (WITH_MOMENTUM.contains(kind)) {
            m.put("momentum", momentum);
        }
        if (SGD_ONLY.contains(kind)) {
            m.put("dampening", dampening);
            m.put("nesterov", nesterov);
        }
        if (ADAMS.contains(kind)) {
            m.put("betas", List.of(beta1, beta2));
        }
        if (RMSPROP_ONLY.contains(kind)) {
            m.put("alpha", alpha);
        }
        if (WITH_EPS.contains(kind)) {
            m.put("eps", eps);
        }
        if (RMSPROP_ONLY.contains(kind)) {
            m.put("centered", centered);
        }
        m.put("weightDecay", weightDecay);
        return m;
    }

    /** In words for summaries: the kind, then the values that differ from torch's defaults ({@code sgd momentum=0.9 nesterov}). */
    public String describe() {
        Map<String, Object> defaults = of(kind).hyperParameters();
        StringBuilder s = new StringBuilder(kind.id());
        hyperParameters().forEach((name, value) -> {
            if (!value.equals(defaults.get(name))) {
                s.append(' ').append(value.equals(true) ? name : name + "=" + text(value));
            }
        });
        return s.toString();
    }

    private static String text(Object value) {
        return value instanceof List<?> list ? text(list.get(0)) + "," + text(list.get(1))
                : value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e6 ? String.valueOf(d.longValue())
                : String.valueOf(value);
    }

    /**
     * Collects values over torch's defaults for one kind; {@link #build()} checks them, and that
     * each value given is one this kind reads (Adam has no momentum).
     */
    public static final class Builder {
        private final OptimizerKind kind;
        private double momentum;
        private double dampening;
        private boolean nesterov;
        private double weightDecay;
        private double beta1 = DEFAULT_BETA1;
        private double beta2 = DEFAULT_BETA2;
        private double eps = DEFAULT_EPS;
        private double alpha = DEFAULT_ALPHA;
        private boolean centered;
        private final Map<String, Object> given = new LinkedHashMap<>();

        private Builder(OptimizerKind kind) {
            this.kind = kind;
            if (kind != null && kind.isShorthand()) {
                momentum = DEFAULT_MOMENTUM;
            }
            if (kind == OptimizerKind.ADAMW) {
                weightDecay = DEFAULT_ADAMW_WEIGHT_DECAY;
            }
        }

        public Builder optMomentum(double momentum) {
            this.momentum = momentum;
            given.put("momentum", momentum);
            return this;
        }

        public Builder optDampening(double dampening) {
            this.dampening = dampening;
            given.put("dampening", dampening);
            return this;
        }

        public Builder optNesterov(boolean nesterov) {
            this.nesterov = nesterov;
            given.put("nesterov", nesterov);
            return this;
        }

        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            given.put("weightDecay", weightDecay);
            return this;
        }

        public Builder optBetas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            given.put("betas", beta1 + "," + beta2);
            return this;
        }

        public Builder optEps(double eps) {
            this.eps = eps;
            given.put("eps", eps);
            return this;
        }

        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            given.put("alpha", alpha);
            return this;
        }

        public Builder optCentered(boolean centered) {
            this.centered = centered;
            given.put("centered", centered);
            return this;
        }

        /** @throws IllegalArgumentException naming the first bad value, or one this kind does not read */
        public OptimizerSpec build() {
            if (kind == null) {
                throw Checks.invalid("optimizer", null, "one of " + OptimizerKind.ids());
            }
            OptimizerSpec spec = new OptimizerSpec(kind, momentum, dampening, nesterov, weightDecay, beta1, beta2, eps,
                    alpha, centered);
            Map<String, Object> read = spec.hyperParameters();
            given.forEach((name, value) -> {
                if (!read.containsKey(name)) {
                    throw Checks.invalid(name, value, "left out for " + kind.id() + ", which reads only "
                            + String.join(", ", read.keySet()));
                }
            });
            return spec;
        }
    }
}
