package dev.lrfinder.task;

import dev.lrfinder.base.Checks;
import dev.lrfinder.base.Named;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A built-in model, defined once for every backend.
 *
 * <ul>
 *   <li>{@code mlp}: flatten, then {@code Linear(width) + activation} per entry of {@code widths},
 *       then {@code Linear(outputs)}.
 *   <li>{@code cnn} (image tasks): {@code Conv 3x3 (widths[0] filters, padding 1) + activation +
 *       MaxPool 2}, the same with {@code widths[1]}, flatten, {@code Linear(outputs)}.
 * </ul>
 *
 * <p>Initialisation everywhere: weights uniform in {@code +-1/sqrt(fanIn)} (PyTorch's default bound
 * for Linear and Conv weights), biases zero.
 *
 * @param kind {@code MLP} or {@code CNN}
 * @param widths hidden widths (MLP) or filter counts of the two conv blocks (CNN)
 * @param activation hidden activation
 */
public record ModelSpec(Kind kind, List<Integer> widths, Activation activation) {

    /** The built-in architectures. */
    public enum Kind implements Named {
        MLP,
        CNN;

        public static Kind byId(String id) {
            return Named.byId(Kind.class, "model", id);
        }
    }

    /** The MLP's widths when none are given: the 784-256-256-10 network of the benchmarks. */
    public static final List<Integer> DEFAULT_MLP_WIDTHS = List.of(256, 256);
    /** The CNN's filter counts when none are given. */
    public static final List<Integer> DEFAULT_CNN_WIDTHS = List.of(16, 32);

    public ModelSpec {
        if (kind == null) {
            throw Checks.invalid("model", null, "one of mlp, cnn");
        }
        if (activation == null) {
            throw Checks.invalid("activation", null, "one of relu, tanh, gelu, sigmoid");
        }
        widths = List.copyOf(widths);
        if (kind == Kind.CNN && widths.size() != 2) {
            throw Checks.invalid("widths", widths, "two filter counts for cnn, e.g. 16,32");
        }
        if (widths.size() > 64) {
            throw Checks.invalid("widths", widths, "at most 64 hidden layers");
        }
        for (int w : widths) {
            Checks.inRange("widths", w, 1, 1 << 16);
        }
    }

    /** {@code kind} with its default widths and ReLU. */
    public static ModelSpec defaults(Kind kind) {
        return new ModelSpec(kind, kind == Kind.MLP ? DEFAULT_MLP_WIDTHS : DEFAULT_CNN_WIDTHS, Activation.RELU);
    }

    /** The default MLP. */
    public static ModelSpec mlp(Integer... widths) {
        return new ModelSpec(Kind.MLP, List.of(widths), Activation.RELU);
    }

    /** Throws when this model cannot train on {@code task} (a CNN needs images). */
    public void checkFits(TaskSpec task) {
        if (kind == Kind.CNN && !task.kind().isImage()) {
            throw Checks.invalid("model", "cnn", "mlp for the non-image task " + task.kind().id());
        }
    }

    public String describe() {
        return kind.id() + " [" + widths.stream().map(String::valueOf).collect(Collectors.joining(","))
                + "] " + activation.id();
    }
}
