package dev.lrfinder.sweep;

import dev.lrfinder.base.Named;

/** The losses a built-in sweep can train on, as PyTorch defines them (mean over the batch). */
public enum LossKind implements Named {
    /** {@code torch.nn.CrossEntropyLoss(label_smoothing=)} over class logits; targets are class ids. */
    CROSS_ENTROPY("cross-entropy"),
    /** {@code torch.nn.BCEWithLogitsLoss}: one logit against a target in [0, 1] (two classes: the class id). */
    BCE("bce"),
    /** {@code torch.nn.MSELoss}. */
    MSE("mse"),
    /** {@code torch.nn.L1Loss}. */
    L1("l1"),
    /** {@code torch.nn.HuberLoss(delta=)}; with delta 1 it is {@code SmoothL1Loss}. */
    HUBER("huber");

    private final String id;

    LossKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    public static LossKind byId(String id) {
        return Named.byId(LossKind.class, "loss", id);
    }

    public static String ids() {
        return Named.ids(LossKind.class);
    }
}
