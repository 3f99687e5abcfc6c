package dev.lrfinder.task;

/**
 * Changes gathered batches in place, in Java, so that every backend trains on the same augmented
 * samples for the same seed. One instance is one seeded stream: not thread-safe.
 */
@FunctionalInterface
public interface BatchTransform {
    /** Transforms {@code samples} samples stored from {@code offset} on in {@code batch}, in place. */
    void apply(float[] batch, int offset, int samples);
}
