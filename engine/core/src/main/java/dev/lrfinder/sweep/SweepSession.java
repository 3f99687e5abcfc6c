package dev.lrfinder.sweep;

/**
 * One model set up for training on one backend, stepped by {@link SweepLoop}: all a backend
 * implements for a range test. The loop owns everything around the steps (schedule, divergence,
 * stop reasons, timing, listener, restore); a session only trains, reads losses and copies the
 * model. Not thread-safe: open, step and close it on one thread.
 */
public interface SweepSession extends AutoCloseable {

    /**
     * Sets the learning rate to {@code lr}, then trains one optimizer step on the next batch. The
     * step's loss stays where it was computed (on the device) until {@link #readLosses}.
     *
     * @return the rate the optimizer applied: {@code lr} as the optimizer holds it (a float32 for
     *     DJL's optimizers)
     */
    double step(double lr);

    /**
     * Sets the momentum of the steps from now on: SGD's and RMSprop's {@code momentum}, Adam's and
     * AdamW's {@code beta1}, as torch's {@code OneCycleLR} sets each step's into the optimizer's
     * parameter group. The session must have been opened with a momentum (beta1) above 0 for SGD and
     * RMSprop, so that the optimizer keeps a momentum buffer ({@link
     * TrainingSchedule#optimizerFor}). This default: the session cannot.
     *
     * @throws IllegalArgumentException unless {@code momentum} is in [0, 1)
     * @throws UnsupportedOperationException when this session's optimizer has no momentum it can set
     */
    default void setMomentum(double momentum) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot set a momentum per step");
    }

    /**
     * Copies the raw losses of the steps run since the last read to the host, oldest first, into
     * {@code into} from {@code offset}: one host synchronisation for the whole block.
     *
     * @return how many losses were written (the steps since the last read)
     */
    int readLosses(double[] into, int offset);

    /**
     * The model's mean loss on the session's validation rows ({@link ValidationPlan}, the same rows
     * every call), evaluated in eval mode without gradient: the model, its optimizer and the batch
     * order are left as they were. Reads the loss to the host (one synchronisation).
     *
     * @throws IllegalStateException when the session was opened without validation data
     */
    default double validationLoss() {
        throw new IllegalStateException("this session has no validation data");
    }

    /** A copy of the model's state (parameters, buffers) as it is now, to put back later. */
    Snapshot snapshot();

    /** What the session runs on, for the run record. */
    BackendInfo info();

    /** Releases the trainer and anything the session made; the model is not restored here. */
    @Override
    void close();

    /** A copy of a model's state; {@link #restore()} writes it back in place, bit for bit, as often as asked. */
    interface Snapshot extends AutoCloseable {
        void restore();

        @Override
        void close();
    }
}
