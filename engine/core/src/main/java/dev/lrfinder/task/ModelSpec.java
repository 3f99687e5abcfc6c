package dev.lrfinder.task;

import dev.lrfinder.base.Checks;
import dev.lrfinder.base.Named;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A built-in model, defined once for every backend; {@link Architectures#layers} lays out its
 * layers ({@link Layer} names the PyTorch module each is).
 *
 * <ul>
 *   <li>{@code mlp}: flatten, then per entry of {@code widths} {@code Linear(width)}, {@code
 *       BatchNorm1d} (with {@code batchNorm}), the activation and {@code Dropout(dropout)} (when
 *       above 0); then {@code Linear(outputs)}.
 *   <li>{@code cnn} (images): per filter count {@code Conv 3x3 (padding 1)}, {@code BatchNorm2d}
 *       (with {@code batchNorm}), the activation and {@code MaxPool 2}, for two filter counts;
 *       flatten, {@code Dropout(dropout)} (when above 0), {@code Linear(outputs)}.
 *   <li>{@code resnet18}, {@code resnet50} (images): torchvision's {@code resnet18} (BasicBlock x
 *       [2, 2, 2, 2]) and {@code resnet50} (Bottleneck x [3, 4, 6, 3], the stride on the 3x3
 *       convolution: v1.5), 64-128-256-512 planes, convolutions without bias, each followed by
 *       {@code BatchNorm2d}, a 1x1 convolution + BatchNorm shortcut where the shape changes; global
 *       average pool, {@code Linear(512 or 2048, outputs)}. The stem: for images whose larger side
 *       is at most {@value Architectures#SMALL_IMAGE_MAX_SIDE} px, {@code Conv 3x3 (64, stride 1,
 *       padding 1)}, BatchNorm, ReLU and no max pool (the CIFAR stem); above that torchvision's
 *       {@code Conv 7x7 (64, stride 2, padding 3)}, BatchNorm, ReLU, {@code MaxPool 3 (stride 2,
 *       padding 1)}.
 *   <li>{@code vgg} (images): VGG-11 with batch norm (torchvision's {@code vgg11_bn} features:
 *       {@code Conv 3x3 (padding 1, bias) + BatchNorm2d + ReLU} with 64, M, 128, M, 256, 256, M,
 *       512, 512, M, 512, 512, M, where M is {@code MaxPool 2}, skipped once a side is below 2 px);
 *       then a classifier scaled to small inputs: global average pool, {@code Linear(512, 512) +
 *       ReLU + Dropout(0.5)} twice, {@code Linear(512, outputs)}.
 *   <li>{@code mobilenet} (images): torchvision's {@code mobilenet_v2} (width 1.0): {@code Conv 3x3
 *       (32, stride 2, no bias) + BatchNorm + ReLU6}, with stride 1 for images of at most {@value
 *       Architectures#SMALL_IMAGE_MAX_SIDE} px; inverted residuals (expansion t, channels c,
 *       repeats n, first stride s) = (1,16,1,1), (6,24,2,2), (6,32,3,2), (6,64,4,2), (6,96,3,1),
 *       (6,160,3,2), (6,320,1,1), each a 1x1 expansion + BatchNorm + ReLU6 (when t is not 1), a
 *       depthwise 3x3 + BatchNorm + ReLU6, a 1x1 projection + BatchNorm, and the identity added when
 *       the stride is 1 and the channels stay; {@code Conv 1x1 (1280) + BatchNorm + ReLU6}, global
 *       average pool, {@code Dropout(0.2)}, {@code Linear(1280, outputs)}.
 * </ul>
 *
 * <p>Initialisation everywhere: weights uniform in {@code +-1/sqrt(fanIn)} (PyTorch's default bound
 * for Linear and Conv weights), biases zero, batch norm's scale 1 and shift 0. Batch norm trains
 * during a sweep (batch statistics, running statistics updated with momentum 0.1) and evaluates
 * with its running statistics.
 *
 * @param kind the architecture
 * @param widths hidden widths (MLP) or filter counts of the two conv blocks (CNN); empty for the
 *     standard architectures, whose widths are fixed
 * @param activation hidden activation (MLP, CNN); ReLU for the standard architectures
 * @param batchNorm batch norm after each hidden layer (MLP, CNN; the standard architectures have
 *     their own and take false)
 * @param dropout dropout probability after each hidden layer (MLP) or before the last layer (CNN), in
 *     [0, 1); 0 for the standard architectures
 */
public record ModelSpec(Kind kind, List<Integer> widths, Activation activation, boolean batchNorm, double dropout) {

    /** The built-in architectures. */
    public enum Kind implements Named {
        MLP,
        CNN,
        RESNET18,
        RESNET50,
        VGG,
        MOBILENET;

        public static Kind byId(String id) {
            return Named.byId(Kind.class, "model", id);
        }

        /** A standard image network: its layers are fixed, it takes images only. */
        public boolean isStandard() {
            return this != MLP && this != CNN;
        }

        /** Whether it takes only images. */
        public boolean needsImages() {
            return this != MLP;
        }
    }

    /** The MLP's widths when none are given: the 784-256-256-10 network of the benchmarks. */
    public static final List<Integer> DEFAULT_MLP_WIDTHS = List.of(256, 256);
    /** The smallest image side the CNN takes: each of its two poolings halves it. */
    static final int MIN_CNN_SIDE = 4;
    /** The CNN's filter counts when none are given. */
    public static final List<Integer> DEFAULT_CNN_WIDTHS = List.of(16, 32);

    public ModelSpec {
        if (kind == null) {
            throw Checks.invalid("model", null, "one of " + Named.ids(Kind.class));
        }
        if (activation == null) {
            throw Checks.invalid("activation", null, "one of " + Named.ids(Activation.class));
        }
        widths = List.copyOf(widths);
        if (kind.isStandard()) {
            String fixed = " for " + kind.id() + " (the architecture fixes it)";
            if (!widths.isEmpty()) {
                throw Checks.invalid("widths", widths, "absent" + fixed);
            }
            if (activation != Activation.RELU) {
                throw Checks.invalid("activation", activation.id(), "relu" + fixed);
            }
            if (batchNorm) {
                throw Checks.invalid("batchNorm", true, "false" + fixed);
            }
            if (dropout != 0) {
                throw Checks.invalid("dropout", dropout, "0" + fixed);
            }
        }
        if (kind == Kind.CNN && widths.size() != 2) {
            throw Checks.invalid("widths", widths, "two filter counts for cnn, e.g. 16,32");
        }
        if (widths.size() > 64) {
            throw Checks.invalid("widths", widths, "at most 64 hidden layers");
        }
        for (int w : widths) {
            Checks.inRange("widths", w, 1, 1 << 16);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw Checks.invalid("dropout", dropout, "in [0, 1)");
        }
    }

    /** {@code kind} without batch norm or dropout. */
    public ModelSpec(Kind kind, List<Integer> widths, Activation activation) {
        this(kind, widths, activation, false, 0);
    }

    /** {@code kind} with its default widths and ReLU. */
    public static ModelSpec defaults(Kind kind) {
        List<Integer> widths = switch (kind) {
            case MLP -> DEFAULT_MLP_WIDTHS;
            case CNN -> DEFAULT_CNN_WIDTHS;
            default -> List.of();
        };
        return new ModelSpec(kind, widths, Activation.RELU);
    }

    /** The default MLP. */
    public static ModelSpec mlp(Integer... widths) {
        return new ModelSpec(Kind.MLP, List.of(widths), Activation.RELU);
    }

    /** This model with batch norm after each hidden layer (MLP, CNN). */
    public ModelSpec withBatchNorm(boolean on) {
        return new ModelSpec(kind, widths, activation, on, dropout);
    }

    /** This model with dropout {@code p} (MLP, CNN). */
    public ModelSpec withDropout(double p) {
        return new ModelSpec(kind, widths, activation, batchNorm, p);
    }

    /**
     * Whether a backend builds it from {@link Architectures#layers}: everything but the plain MLP
     * and CNN, which the backends build by their own faster paths.
     */
    public boolean isLayered() {
        return kind.isStandard() || batchNorm || dropout > 0;
    }

    /** Throws when this model cannot train on {@code task} (a CNN needs images). */
    public void checkFits(TaskSpec task) {
        if (kind.needsImages() && !task.kind().isImage()) {
            throw Checks.invalid("model", kind.id(), "mlp for the non-image task " + task.kind().id());
        }
    }

    /**
     * Throws, naming both shapes, when this model cannot take {@code data}'s samples: every kind but
     * the MLP needs {@code channels x height x width} images, the CNN of at least 4x4 (its two 2x2
     * poolings).
     */
    public void checkFits(TrainingData data) {
        if (!kind.needsImages()) {
            return;
        }
        long[] shape = data.sampleShape();
        if (shape.length != 3) {
            throw Checks.invalid("model", kind.id(), "mlp for samples of " + data.shapeText()
                    + ": " + kind.id() + " takes images of channels x height x width");
        }
        if (kind == Kind.CNN && (shape[1] < MIN_CNN_SIDE || shape[2] < MIN_CNN_SIDE)) {
            throw Checks.invalid("model", "cnn", "mlp for images of " + data.shapeText() + ": cnn takes images of"
                    + " at least channels x " + MIN_CNN_SIDE + "x" + MIN_CNN_SIDE + " (two 2x2 poolings)");
        }
    }

    public String describe() {
        if (kind.isStandard()) {
            return kind.id();
        }
        String text = kind.id() + " [" + widths.stream().map(String::valueOf).collect(Collectors.joining(","))
                + "] " + activation.id();
        if (batchNorm) {
            text += " batch-norm";
        }
        if (dropout > 0) {
            text += " dropout " + dropout;
        }
        return text;
    }
}
