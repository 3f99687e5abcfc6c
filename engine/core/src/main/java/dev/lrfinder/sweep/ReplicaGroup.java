package dev.lrfinder.sweep;

import java.util.List;

/**
 * Several independent range tests trained as one batched model (a backend's batched replicas): K
 * sessions whose steps run together, one launch for all of them. Replica {@code i}'s session is an
 * ordinary {@link SweepSession} to {@link SweepLoop}, except that its {@link SweepSession#step}
 * only stages the rate (and the batch plan): {@link #step()} then trains every replica staged since
 * the last call, and leaves the others exactly as they are, so a range test that has stopped stays
 * stopped while the rest go on. Its losses, snapshots and restores are its own. Driven by {@link
 * SweepLoop#runInLockstep}; not thread-safe.
 */
public interface ReplicaGroup extends AutoCloseable {

    /** The replicas' sessions, in order; closing the group closes them. */
    List<SweepSession> replicas();

    /** One batched step of every replica whose rate was staged since the last call. */
    void step();

    /** Frees the batched model and everything the replicas made; twice is fine. */
    @Override
    void close();
}
