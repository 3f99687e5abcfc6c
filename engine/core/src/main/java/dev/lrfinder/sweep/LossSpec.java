package dev.lrfinder.sweep;

import dev.lrfinder.base.Checks;
import dev.lrfinder.task.ScriptModel;
import dev.lrfinder.task.TrainingData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training loss of a built-in sweep and its parameters; no kind means the data's: cross-entropy
 * for class labels, mean squared error for regression targets ({@link #resolvedFor}).
 *
 * <p>What each loss trains on: {@code cross-entropy} takes class labels and one logit per class;
 * {@code bce} one logit, against the class id of two-class data or a regression target in [0, 1];
 * {@code mse}, {@code l1} and {@code huber} one output against a regression target.
 *
 * @param kind the loss, or null for the data's default
 * @param labelSmoothing cross-entropy's label smoothing, in [0, 1] (torch's {@code label_smoothing})
 * @param huberDelta Huber's threshold between the quadratic and the linear part, {@code > 0}
 *     (torch's {@code delta}; 1 is {@code SmoothL1Loss})
 */
public record LossSpec(LossKind kind, double labelSmoothing, double huberDelta) {

    /** torch.nn.HuberLoss's {@code delta}, at which it equals SmoothL1Loss. */
    public static final double DEFAULT_HUBER_DELTA = 1;

    /** The data's default loss. */
    public static final LossSpec BY_DATA = new LossSpec(null, 0, DEFAULT_HUBER_DELTA);

    public LossSpec {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw Checks.invalid("labelSmoothing", labelSmoothing, "a number in [0.0, 1.0]");
        }
        Checks.positive("huberDelta", huberDelta);
        if (labelSmoothing != 0 && kind != null && kind != LossKind.CROSS_ENTROPY) {
            throw Checks.invalid("labelSmoothing", labelSmoothing, "0 for loss " + kind.id() + " (it smooths cross-entropy's labels)");
        }
        if (huberDelta != DEFAULT_HUBER_DELTA && kind != LossKind.HUBER) {
            throw Checks.invalid("huberDelta", huberDelta, "left out unless the loss is huber");
        }
    }

    /** {@code kind} with torch's defaults. */
    public static LossSpec of(LossKind kind) {
        return new LossSpec(kind, 0, DEFAULT_HUBER_DELTA);
    }

    /** The loss for {@code data}: this one, or the data's default; checked against the data's targets. */
    public LossSpec resolvedFor(TrainingData data) {
        LossSpec resolved = resolvedFor(data.classes());
        if (resolved.kind == LossKind.BCE && data.classes() == 0) {
            for (float t : data.targets()) {
                if (!(t >= 0 && t <= 1)) {
                    throw Checks.invalid("loss", kind.id(), "mse, l1 or huber for targets outside [0, 1] (one is " + t
                            + "): bce's targets are probabilities");
                }
            }
        }
        return resolved;
    }

    /**
     * The loss for data of {@code classes} classes (0: regression targets): this one, or that
     * default; checked against the class count, not yet against the targets' values.
     */
    public LossSpec resolvedFor(int classes) {
        LossKind k = kind != null ? kind : classes > 0 ? LossKind.CROSS_ENTROPY : LossKind.MSE;
        if (labelSmoothing != 0 && k != LossKind.CROSS_ENTROPY) {
            throw Checks.invalid("labelSmoothing", labelSmoothing, "0 for regression targets (it smooths class labels)");
        }
        switch (k) {
            case CROSS_ENTROPY -> {
                if (classes == 0) {
                    throw Checks.invalid("loss", k.id(), "mse, l1, huber or bce for regression targets");
                }
            }
            case BCE -> {
                if (classes > 2) {
                    throw Checks.invalid("loss", k.id(), "cross-entropy for " + classes
                            + " classes (bce takes two classes, or regression targets in [0, 1])");
                }
            }
            case MSE, L1, HUBER -> {
                if (classes > 0) {
                    throw Checks.invalid("loss", k.id(), "cross-entropy" + (classes == 2 ? " or bce" : "")
                            + " for class labels (" + classes + " classes)");
                }
            }
        }
        return new LossSpec(k, labelSmoothing, huberDelta);
    }

    /**
     * The model's output width this loss needs on {@code data}: one logit per class for
     * cross-entropy, else one.
     */
    public int outputs(TrainingData data) {
        return kindFor(data) == LossKind.CROSS_ENTROPY ? data.classes() : 1;
    }

    /** The loss in words, for messages: "cross-entropy", "mean squared error", ... */
    public String nameFor(TrainingData data) {
        return switch (kindFor(data)) {
            case CROSS_ENTROPY -> "cross-entropy";
            case BCE -> "binary cross-entropy (one logit)";
            case MSE -> "mean squared error";
            case L1 -> "mean absolute error (l1)";
            case HUBER -> "the huber loss";
        };
    }

    /**
     * Checks a TorchScript model's output for a probe batch of {@code data} against what this loss
     * needs (see {@link ScriptModel#checkOutput}).
     */
    public void checkScriptOutput(ScriptModel script, long[] output, TrainingData data) {
        script.checkOutput(output, data, outputs(data), classTargets(data), nameFor(data));
    }

    /** Whether the targets are class ids (int64 for the backends), not values. */
    public boolean classTargets(TrainingData data) {
        return kindFor(data) == LossKind.CROSS_ENTROPY;
    }

    private LossKind kindFor(TrainingData data) {
        return kind != null ? kind : data.isClassification() ? LossKind.CROSS_ENTROPY : LossKind.MSE;
    }

    /** For run records: the kind and the parameters it reads; empty when the kind is not resolved. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (kind == null) {
            return m;
        }
        m.put("kind", kind.id());
        if (kind == LossKind.CROSS_ENTROPY) {
            m.put("labelSmoothing", labelSmoothing);
        }
        if (kind == LossKind.HUBER) {
            m.put("huberDelta", huberDelta);
        }
        return m;
    }

    /** In words: {@code cross-entropy}, {@code cross-entropy label-smoothing=0.1}, {@code huber delta=2.0}. */
    public String describe() {
        if (kind == null) {
            return "by the data";
        }
        return kind.id() + (labelSmoothing != 0 ? " label-smoothing=" + labelSmoothing : "")
                + (kind == LossKind.HUBER && huberDelta != DEFAULT_HUBER_DELTA ? " delta=" + huberDelta : "");
    }
}
