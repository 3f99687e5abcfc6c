package dev.lrfinder.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.SweepSession;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A torch.optim update rule applied straight to a block's parameter arrays after each backward
 * pass, with its state (momentum buffers, moments) in arrays of its own: {@link TorchSgd}, {@link
 * TorchAdam}, {@link TorchRmsprop}.
 *
 * <p>Why not DJL's optimizers through {@code Trainer.step()}: DJL routes every update through its
 * parameter store and parameter server (per-parameter gradient wrappers, update counters keyed by
 * id, a device loop), which measured 0.38-0.47 ms per step on the default 784-256-256-10 MLP
 * against 0.20 ms for plain SGD's three calls per parameter here; and DJL's rules are not torch's
 * (its Adam puts eps outside the bias correction, its SGD has no dampening, its Nag is not
 * implemented by the PyTorch engine). A caller's own DJL optimizer keeps DJL's path.
 */
abstract class DirectUpdate implements AutoCloseable {
    private static final NDIndex ALL = new NDIndex(":");

    private final List<NDArray> weights = new ArrayList<>();
    private final NDArray[][] state;
    private final NDManager manager;
    private long steps;

    /** {@code slots} state arrays per parameter, made in a sub-manager of {@code parent} when first asked for. */
    DirectUpdate(Block block, NDManager parent, int slots) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                weights.add(p.getValue().getArray());
            }
        }
        this.state = new NDArray[weights.size()][slots];
        this.manager = parent.newSubManager();
    }

    /** The update for {@code spec}'s kind. */
    static DirectUpdate create(OptimizerSpec spec, Block block, NDManager parent) {
        return switch (spec.kind()) {
            case SGD, MOMENTUM, NESTEROV -> new TorchSgd(spec, block, parent);
            case ADAM, ADAMW -> new TorchAdam(spec, block, parent);
            case RMSPROP -> new TorchRmsprop(spec, block, parent);
        };
    }

    /** One optimizer step at {@code lr} from the gradients backward left, which are then zeroed. */
    final void apply(float lr) {
        steps++;
        try (NDScope scope = new NDScope()) { // every temporary of the step, closed at once
            for (int i = 0; i < weights.size(); i++) {
                NDArray w = weights.get(i);
                update(i, w, w.getGradient(), lr, steps);
                // libtorch adds each backward pass to the gradient it finds: without this every step's
                // update carried the last one's. DJL's own Trainer.step() zeroes it too.
                JniUtils.zeroGrad((PtNDArray) w);
            }
        }
    }

    /**
     * The momentum (SGD, RMSprop) or beta1 (Adam, AdamW) of the steps from now on, as torch's
     * OneCycleLR sets it into the parameter group before each step.
     */
    abstract void setMomentum(float momentum);

    /**
     * Updates weight {@code index} in place from its gradient {@code g} (which it may overwrite) at
     * rate {@code lr}; {@code step} counts from 1. Temporaries need no closing.
     */
    abstract void update(int index, NDArray w, NDArray g, float lr, long step);

    /** State array {@code slot} of weight {@code index}, made by {@code initial} on first use (torch makes it lazily too). */
    final NDArray state(int index, int slot, UnaryOperator<NDArray> initial, NDArray from) {
        NDArray s = state[index][slot];
        if (s == null) {
            s = initial.apply(from);
            NDScope.unregister(s);
            s.attach(manager);
            state[index][slot] = s;
        }
        return s;
    }

    /** Whether state array {@code slot} of weight {@code index} exists yet. */
    final boolean hasState(int index, int slot) {
        return state[index][slot] != null;
    }

    /** A copy of the state and step count, to put back with the parameters. */
    SweepSession.Snapshot snapshot() {
        NDManager copies = manager.newSubManager();
        NDArray[][] saved = new NDArray[state.length][];
        for (int i = 0; i < state.length; i++) {
            saved[i] = new NDArray[state[i].length];
            for (int j = 0; j < state[i].length; j++) {
                if (state[i][j] != null) {
                    saved[i][j] = state[i][j].duplicate();
                    saved[i][j].attach(copies);
                }
            }
        }
        long savedSteps = steps;
        return new SweepSession.Snapshot() {
            @Override
            public void restore() {
                steps = savedSteps;
                for (int i = 0; i < state.length; i++) {
                    for (int j = 0; j < state[i].length; j++) {
                        if (saved[i][j] == null) {
                            if (state[i][j] != null) {
                                state[i][j].close();
                                state[i][j] = null;
                            }
                        } else if (state[i][j] == null) {
                            state[i][j] = saved[i][j].duplicate();
                            state[i][j].attach(manager);
                        } else {
                            state[i][j].set(ALL, saved[i][j]);
                        }
                    }
                }
            }

            @Override
            public void close() {
                copies.close();
            }
        };
    }

    @Override
    public void close() {
        manager.close();
    }
}
