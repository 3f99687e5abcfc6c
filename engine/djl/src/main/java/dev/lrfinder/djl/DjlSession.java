package dev.lrfinder.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.Trainer;
import dev.lrfinder.sweep.BackendInfo;
import dev.lrfinder.sweep.SweepSession;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A DJL model set up for sweeping, one step at a time: the trainer with the sweep's optimizer and
 * the batches. The sweep loop ({@link dev.lrfinder.sweep.SweepLoop}) and step-level benchmarks
 * both run on a session; {@link #snapshot()} gives a caller that steps it a way back. Not
 * thread-safe.
 */
public final class DjlSession implements SweepSession {
    private final Engine engine;
    private final Trainer trainer;
    private final BatchSource batches;
    private final SweepLrTracker lr;
    private final DirectUpdate directUpdate;
    private final int accumulate;
    private final Model ownedModel;
    private final Validation validation;
    private final List<NDArray> pending = new ArrayList<>();
    private NDManager unread; // holds the pending losses until they are read
    private boolean closed;

    /**
     * {@code directUpdate}, when not null, replaces {@code trainer.step()} (the built-in optimizers);
     * {@code accumulate} batches per step; {@code validation} is null without validation data.
     */
    DjlSession(Engine engine, Trainer trainer, BatchSource batches, SweepLrTracker lr, DirectUpdate directUpdate,
            int accumulate, Model ownedModel, Validation validation) {
        this.engine = engine;
        this.validation = validation;
        this.trainer = trainer;
        this.batches = batches;
        this.lr = lr;
        this.directUpdate = directUpdate;
        this.accumulate = accumulate;
        this.ownedModel = ownedModel;
        this.unread = trainer.getManager().newSubManager();
    }

    /** Trains one batch at {@code lr} as a float32 (DJL's optimizers take one); the loss stays unread. */
    @Override
    public double step(double lr) {
        checkOpen();
        float rate = (float) lr;
        try (NDManager stepScope = trainer.getManager().newSubManager()) {
            NDArray loss = step(rate, stepScope);
            loss.attach(unread);
            pending.add(loss);
        }
        return rate;
    }

    /**
     * Sets the built-in optimizer's momentum (beta1) for the steps from now on, as a float32 like
     * its other hyper-parameters.
     *
     * @throws UnsupportedOperationException for a DJL optimizer of the caller's, which has no momentum to set
     */
    @Override
    public void setMomentum(double momentum) {
        checkOpen();
        if (!(momentum >= 0 && momentum < 1)) {
            throw dev.lrfinder.base.Checks.invalid("momentum", momentum, "a number in [0, 1)");
        }
        if (directUpdate == null) {
            throw new UnsupportedOperationException("a DJL optimizer of yours keeps its own momentum: "
                    + "only the built-in optimizers (OptimizerSpec) cycle it");
        }
        directUpdate.setMomentum((float) momentum);
    }

    /** One host read for the block of losses: stacked on the device, copied once. */
    @Override
    public int readLosses(double[] into, int offset) {
        checkOpen();
        if (pending.isEmpty()) {
            return 0;
        }
        float[] values;
        try (NDArray stacked = NDArrays.stack(new NDList(pending))) {
            values = hostFloats(stacked);
        }
        pending.clear();
        unread.close();
        unread = trainer.getManager().newSubManager();
        for (int i = 0; i < values.length; i++) {
            into[offset + i] = values[i];
        }
        return values.length;
    }

    /**
     * The values of a small array, read through a view of its own memory ({@code
     * toByteBuffer(true)}): {@code toFloatArray()} allocates a direct buffer per read that only the
     * garbage collector frees, which grew a long sweep's resident memory.
     */
    private static float[] hostFloats(NDArray array) {
        NDArray floats = array.toType(DataType.FLOAT32, false);
        try {
            float[] values = new float[Math.toIntExact(floats.size())];
            floats.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().get(values);
            return values;
        } finally {
            if (floats != array) {
                floats.close();
            }
        }
    }

    /** Forward passes over the validation batches, training off, no gradient collector; the mean loss. */
    @Override
    public double validationLoss() {
        checkOpen();
        if (validation == null) {
            throw new IllegalStateException("this session has no validation data");
        }
        return validation.loss(trainer);
    }

    /**
     * Every parameter of the block, copied, to be written back in place (a TorchScript module's
     * whole state, buffers too, saved to be loaded again); the built-in optimizer's state too.
     */
    @Override
    public Snapshot snapshot() {
        checkOpen();
        Snapshot parameters = block() instanceof PtSymbolBlock script
                ? ScriptModuleSnapshot.take(script, (PtNDManager) trainer.getModel().getNDManager())
                : ParameterSnapshot.take(block(), trainer.getManager());
        if (directUpdate == null) {
            return parameters;
        }
        Snapshot state = directUpdate.snapshot();
        return new Snapshot() {
            @Override
            public void restore() {
                parameters.restore();
                state.restore();
            }

            @Override
            public void close() {
                try (Snapshot p = parameters; Snapshot s = state) {
                    // both closed, each even when the other fails
                }
            }
        };
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo("djl", engine.getEngineName(), engine.getVersion(), "DJL " + Engine.getDjlVersion(),
                deviceName());
    }

    /**
     * One step on the next {@code accumulate} batches; its loss (their mean) stays unread, attached
     * to {@code scope} with everything else the step made.
     */
    private NDArray step(float rate, NDManager scope) {
        lr.set(rate);
        NDArray value = null;
        for (int k = 0; k < accumulate; k++) {
            // Each batch's forward and backward are done before the next is drawn: the host batch's
            // buffers it views are rewritten then.
            StepBatch batch = batches.next(scope);
            NDArray loss;
            try (StepGradients collector = new StepGradients()) {
                NDList predictions = trainer.forward(batch.data());
                loss = trainer.getLoss().evaluate(batch.labels(), predictions);
                // 1/N of each batch's gradient: the step sees their mean, as one batch of all their rows would.
                collector.backward(accumulate == 1 ? loss : loss.div(accumulate));
            }
            value = value == null ? loss : value.add(loss);
        }
        if (accumulate > 1) {
            value = value.div(accumulate);
        }
        if (directUpdate != null) {
            directUpdate.apply(rate);
        } else {
            trainer.step();
        }
        return value;
    }

    /** The block being trained. */
    Block block() {
        return trainer.getModel().getBlock();
    }

    /** {@code cpu} or {@code gpu:0}: DJL's own toString is {@code cpu()}. */
    private String deviceName() {
        Device device = trainer.getDevices()[0];
        return device.isGpu() ? device.getDeviceType() + ":" + device.getDeviceId() : device.getDeviceType();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the session is closed");
        }
    }

    /** Releases the trainer and unread losses (and the model, if the session made it). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Model model = ownedModel; Trainer t = trainer; BatchSource b = batches; Validation v = validation;
                NDManager u = unread; DirectUpdate d = directUpdate) {
            pending.clear();
        }
    }
}
