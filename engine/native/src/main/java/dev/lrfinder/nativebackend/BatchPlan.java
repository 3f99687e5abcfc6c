package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.lrfinder.task.BatchSampler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One step's batch plan (rows, flips, noise offsets), drawn by {@link BatchSampler} in Java and
 * copied into native memory for the shim, which gathers the batch on the device from it. The
 * buffers are made once and reused every step.
 */
final class BatchPlan {
    private final BatchSampler sampler;
    private final long[] indices;
    private final byte[] flips;
    private final int[] noiseOffsets;
    private final MemorySegment indexSegment;
    private final MemorySegment flipSegment;
    private final MemorySegment noiseSegment;

    /** Plans of {@code sampler.batchSize()} rows, in buffers from {@code arena}. */
    BatchPlan(BatchSampler sampler, Arena arena) {
        this(sampler, arena.allocate(JAVA_LONG, sampler.batchSize()), arena.allocate(JAVA_BYTE, sampler.batchSize()),
                arena.allocate(JAVA_INT, sampler.batchSize()));
    }

    /** Plans written into the given buffers (a replica's slices of a batched plan), of {@code sampler.batchSize()} rows each. */
    BatchPlan(BatchSampler sampler, MemorySegment indices, MemorySegment flips, MemorySegment noiseOffsets) {
        int batch = sampler.batchSize();
        this.sampler = sampler;
        this.indices = new long[batch];
        this.flips = new byte[batch];
        this.noiseOffsets = new int[batch];
        this.indexSegment = indices;
        this.flipSegment = flips;
        this.noiseSegment = noiseOffsets;
    }

    /** Draws the next step's plan into the native buffers. */
    void next() {
        sampler.nextPlan(indices, flips, noiseOffsets, 0);
        MemorySegment.copy(indices, 0, indexSegment, JAVA_LONG, 0, indices.length);
        MemorySegment.copy(flips, 0, flipSegment, JAVA_BYTE, 0, flips.length);
        MemorySegment.copy(noiseOffsets, 0, noiseSegment, JAVA_INT, 0, noiseOffsets.length);
    }

    int batch() {
        return indices.length;
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
