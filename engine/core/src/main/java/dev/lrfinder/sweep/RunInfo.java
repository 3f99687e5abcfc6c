package dev.lrfinder.sweep;

import java.time.Instant;

/**
 * How and where one sweep ran, for the run record next to its curve.
 *
 * @param backend {@code djl} or {@code native}
 * @param engine the tensor library, e.g. {@code PyTorch}
 * @param engineVersion the tensor library's version, e.g. libtorch {@code 2.7.1}
 * @param bindingVersion the Java binding's version (DJL's), or the shim's
 * @param device e.g. {@code cpu}
 * @param threads intra-op threads the sweep ran with
 * @param seed the sweep's seed
 * @param task what was trained, in words
 * @param startedAt when the first step began
 * @param wallTimeSeconds from the first step to the last loss read, without start-up or restore
 * @param stepsPerSecond steps run (including any dropped after divergence) over wall time
 * @param stepMillis the distribution of single-step times (forward, backward, update, batch)
 * @param stopReason why the sweep ended
 */
public record RunInfo(
        String backend,
        String engine,
        String engineVersion,
        String bindingVersion,
        String device,
        int threads,
        long seed,
        String task,
        Instant startedAt,
        double wallTimeSeconds,
        double stepsPerSecond,
        StepTimes stepMillis,
        StopReason stopReason) {}
