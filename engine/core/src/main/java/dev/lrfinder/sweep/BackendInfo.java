package dev.lrfinder.sweep;

/**
 * What a sweep ran on, as a {@link SweepSession} describes itself for its {@link RunInfo}.
 *
 * @param backend {@code djl} or {@code native}
 * @param engine the tensor library, e.g. {@code PyTorch}
 * @param engineVersion the tensor library's version, e.g. libtorch {@code 2.7.1}
 * @param bindingVersion the Java binding's version (DJL's), or the shim's
 * @param device e.g. {@code cpu} or {@code cuda:0}
 */
public record BackendInfo(String backend, String engine, String engineVersion, String bindingVersion, String device) {}
