package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.lrfinder.task.BatchSampler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One step's batch plan (rows, flips, noise offsets), drawn by {@link BatchSampler} in Java and
 * copied into native memory for the shim, which gathers the batch on the device from it: with
 * gradient accumulation, that many batches one after another, as the sampler draws them. The
 * buffers are made once and reused every step.
 */
final class BatchPlan {
    private final BatchSampler sampler;
    private final int micro;
    private final long[] indices;
    private final byte[] flips;
    private final int[] noiseOffsets;
    private final MemorySegment indexSegment;
    private final MemorySegment flipSegment;
    private final MemorySegment noiseSegment;

    /** Plans of {@code accumulate} batches of {@code sampler.batchSize()} rows, in buffers from {@code arena}. */
    BatchPlan(BatchSampler sampler, int accumulate, Arena arena) {
        this(sampler, accumulate, arena.allocate(JAVA_LONG, rows(sampler, accumulate)),
                arena.allocate(JAVA_BYTE, rows(sampler, accumulate)), arena.allocate(JAVA_INT, rows(sampler, accumulate)));
    }

    /** Plans written into the given buffers (a replica's slices of a batched plan), of {@code sampler.batchSize()} rows each. */
    BatchPlan(BatchSampler sampler, MemorySegment indices, MemorySegment flips, MemorySegment noiseOffsets) {
        this(sampler, 1, indices, flips, noiseOffsets);
    }

    private BatchPlan(BatchSampler sampler, int accumulate, MemorySegment indices, MemorySegment flips,
            MemorySegment noiseOffsets) {
        this.micro = sampler.batchSize();
        int batch = rows(sampler, accumulate);
        this.sampler = sampler;
        this.indices = new long[batch];
        this.flips = new byte[batch];
        this.noiseOffsets = new int[batch];
        this.indexSegment = indices;
        this.flipSegment = flips;
        this.noiseSegment = noiseOffsets;
    }

    private static int rows(BatchSampler sampler, int accumulate) {
        return Math.multiplyExact(sampler.batchSize(), accumulate);
    }

    /** Draws the next step's plan into the native buffers. */
    void next() {
        for (int at = 0; at < indices.length; at += micro) {
            sampler.nextPlan(indices, flips, noiseOffsets, at);
        }
        MemorySegment.copy(indices, 0, indexSegment, JAVA_LONG, 0, indices.length);
        MemorySegment.copy(flips, 0, flipSegment, JAVA_BYTE, 0, flips.length);
        MemorySegment.copy(noiseOffsets, 0, noiseSegment, JAVA_INT, 0, noiseOffsets.length);
    }

    /** Rows of one micro-batch (the plan holds the step's accumulation of them). */
    int batch() {
        return micro;
    }

    MemorySegment indices() {
        return indexSegment;
    }

    MemorySegment flips() {
        return flipSegment;
    }

    MemorySegment noiseOffsets() {
        return noiseSegment;
    }
}
