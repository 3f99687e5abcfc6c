package dev.lrfinder.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.nio.ByteOrder;

/**
 * A model set up for sweeping, one step at a time: the trainer with the sweep's optimizer, the
 * batches, and a snapshot of the parameters taken when it opened. {@link #close()} writes the
 * snapshot back, so the model leaves the session as it entered, whatever happened in between.
 * The sweep loop ({@link DjlRangeTest#run()}) and step-level benchmarks both run on a session.
 * Not thread-safe.
 */
public final class DjlSession implements AutoCloseable {
    private final Engine engine;
    private final Trainer trainer;
    private final BatchSource batches;
    private final SweepLrTracker lr;
    private final ParameterSnapshot snapshot;
    private final DirectSgdUpdate directUpdate;
    private final Model ownedModel;
    private boolean closed;

    /** {@code directUpdate}, when not null, replaces {@code trainer.step()} (plain SGD only). */
    DjlSession(Engine engine, Trainer trainer, BatchSource batches, SweepLrTracker lr, ParameterSnapshot snapshot,
            DirectSgdUpdate directUpdate, Model ownedModel) {
        this.engine = engine;
        this.trainer = trainer;
        this.batches = batches;
        this.lr = lr;
        this.snapshot = snapshot;
        this.directUpdate = directUpdate;
        this.ownedModel = ownedModel;
    }

    /** Trains one batch at learning rate {@code rate} and returns its loss (read at once). */
    public float step(double rate) {
        checkOpen();
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray loss = step((float) rate, scope);
            return hostFloats(loss)[0];
        }
    }

    /**
     * The values of a small array, read through a view of its own memory ({@code
     * toByteBuffer(true)}): {@code toFloatArray()} allocates a direct buffer per read that only the
     * garbage collector frees, which grew a long sweep's resident memory.
     */
    static float[] hostFloats(NDArray array) {
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

    /** Puts every parameter back as it was when the session opened; training can go on after. */
    public void restore() {
        checkOpen();
        snapshot.restore();
    }

    /**
     * One step; the loss array stays unread, attached to {@code scope} with everything else the
     * step made, for the caller to read in blocks.
     */
    NDArray step(float rate, NDManager scope) {
        lr.set(rate);
        StepBatch batch = batches.next(scope);
        NDArray value;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList predictions = trainer.forward(batch.data());
            value = trainer.getLoss().evaluate(batch.labels(), predictions);
            collector.backward(value);
        }
        if (directUpdate != null) {
            directUpdate.apply(rate);
        } else {
            trainer.step();
        }
        return value;
    }

    NDManager newScope() {
        return trainer.getManager().newSubManager();
    }

    Engine engine() {
        return engine;
    }

    /** {@code cpu} or {@code gpu:0}: DJL's own toString is {@code cpu()}. */
    String deviceName() {
        Device device = trainer.getDevices()[0];
        return device.isGpu() ? device.getDeviceType() + ":" + device.getDeviceId() : device.getDeviceType();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the session is closed");
        }
    }

    /** Restores the parameters, then releases the trainer (and the model, if the session made it). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Model model = ownedModel; Trainer t = trainer; ParameterSnapshot s = snapshot; BatchSource b = batches) {
            snapshot.restore();
        }
    }
}
