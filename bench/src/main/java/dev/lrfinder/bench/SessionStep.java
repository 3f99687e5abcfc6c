package dev.lrfinder.bench;

import dev.lrfinder.sweep.SweepSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The step the step benchmarks time, on the session a subclass opens per trial: one range-test
 * step at a new rate, its loss read back (as torch-lr-finder reads {@code loss.item()} every step).
 */
public abstract class SessionStep {
    protected SweepSession session;
    private final double[] loss = new double[1];
    private int step;

    /** A new rate every step, small enough that no run diverges however long JMH runs it. */
    @Benchmark
    public double step() {
        session.step(1e-4 * (1 + (step++ & 7)));
        session.readLosses(loss, 0);
        return loss[0];
    }

    @TearDown(Level.Trial)
    public void close() {
        session.close();
    }
}
