package dev.lrfinder.analysis;

import dev.lrfinder.base.Named;
import java.util.Arrays;
import java.util.List;

/**
 * The learning-rate suggestion rules, each usable by its {@link #id()} from the command line.
 *
 * <p>Every rule reads the smoothed loss against the learning rate and answers one
 * {@link Suggestion}: a learning rate with the index of the curve point it is anchored to and a
 * one-line reason, or "none" with the reason why not. The rules that come from fastai, PyTorch
 * Lightning and torch-lr-finder are reproduced here in double precision on lrfinder's own curve;
 * their bit-for-bit pipelines (float32, the tools' own trimming) live in {@link Compat}.
 */
public enum Method implements Named {
    /** The lr at the minimum smoothed loss, divided by 10 (fastai's {@code minimum}). */
    MINIMUM("minimum", "lr at the minimum smoothed loss, divided by 10 (fastai)"),
    /**
     * The left point of the steepest descending segment of loss against ln(lr), by forward
     * differences (fastai's {@code steep}).
     */
    STEEP("steep", "left point of the steepest segment of loss vs ln(lr) (fastai)"),
    /** About half-way into the longest strictly decreasing subsequence (fastai's default). */
    VALLEY("valley", "about half-way into the longest decreasing subsequence (fastai's default)"),
    /** fastai's interval slide rule; its threshold is in loss units per step. */
    SLIDE("slide", "fastai's interval slide rule, threshold in loss units per step"),
    /**
     * lrfinder's scale-free slide: the same walk on d loss / d log10(lr) divided by the loss drop,
     * so the threshold neither depends on the loss scale nor on the number of points per decade.
     */
    SLIDE_RELATIVE("slide-relative", "slide rule on the slope per decade relative to the loss drop (lrfinder)"),
    /**
     * The steepest point of d loss / d log10(lr), skipping the first 10 and last 5 points
     * (torch-lr-finder's rule; Lightning's skips the last 1).
     */
    STEEPEST("steepest", "argmin of d loss/d log10(lr), skipping 10 points at the start and 5 at the end"),
    /** A tenth of the lr where the smoothed loss leaves its floor for good (lrfinder). */
    DIVERGENCE("divergence", "a tenth of the lr where the smoothed loss turns up for good (lrfinder)");

    private final String id;
    private final String description;

    Method(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name used on the command line and in reports, e.g. {@code valley}. */
    public String id() {
        return id;
    }

    /** One line describing the rule, for help texts. */
    public String description() {
        return description;
    }

    /**
     * Looks a method up by its id, ignoring case.
     *
     * @throws IllegalArgumentException if {@code id} names no method; the message lists the ids
     */
    public static Method byId(String id) {
        return Named.byId(Method.class, "methods", id);
    }

    /** All ids in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Method::id).toList();
    }

    @Override
    public String toString() {
        return id;
    }
}
