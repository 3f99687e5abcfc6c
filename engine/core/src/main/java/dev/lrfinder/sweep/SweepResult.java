package dev.lrfinder.sweep;

/** One finished sweep: the curve, the config that made it and how it ran. */
public record SweepResult(SweepConfig config, LossCurve curve, RunInfo info) {}
