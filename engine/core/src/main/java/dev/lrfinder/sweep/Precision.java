package dev.lrfinder.sweep;

import dev.lrfinder.base.Named;

/**
 * The arithmetic of a sweep's forward pass and loss. The parameters, their gradients and the
 * optimizer state stay float32 in every mode (master weights); only the native backend runs the
 * reduced ones, through libtorch's autocast.
 */
public enum Precision implements Named {
    /** Float32 throughout: the default, and the only mode of the djl backend. */
    FP32,
    /** Autocast to bfloat16 (products and convolutions); CPU and CUDA. */
    BF16,
    /** Autocast to float16 with a dynamic loss scale (a skipped step when a gradient overflows); CUDA only. */
    FP16;

    /** Looks a precision up by its id ({@code fp32}, {@code bf16}, {@code fp16}), ignoring case. */
    public static Precision byId(String id) {
        return Named.byId(Precision.class, "precision", id);
    }

    /** All ids, comma separated, for messages and help. */
    public static String ids() {
        return Named.ids(Precision.class);
    }
}
