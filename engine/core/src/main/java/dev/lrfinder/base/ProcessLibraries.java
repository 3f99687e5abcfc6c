package dev.lrfinder.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which shared libraries this process has mapped, read from {@code /proc/self/maps}. Two libtorch
 * builds in one process (DJL's 2.7.1 and the shim's) share symbol names and break each other, so
 * each backend checks for the other before loading its own; reading the map loads nothing.
 */
public final class ProcessLibraries {
    /** The file name of the native backend's shim, which links the machine's libtorch. */
    public static final String NATIVE_SHIM = "liblrfinder_shim.so";
    /** A fragment of the name of DJL's JNI library, which links DJL's own libtorch. */
    public static final String DJL_TORCH = "libdjl_torch";

    private static final Path MAPS = Path.of("/proc/self/maps");

    private ProcessLibraries() {}

    /** The path of the first mapped file whose name contains {@code fragment}, if any. */
    public static Optional<String> find(String fragment) {
        if (!Files.isReadable(MAPS)) {
            return Optional.empty(); // not Linux: nothing to check against
        }
        try (Stream<String> lines = Files.lines(MAPS)) {
            return lines.map(line -> {
                        int slash = line.indexOf('/');
                        return slash < 0 ? "" : line.substring(slash);
                    })
                    .filter(path -> Path.of(path).getFileName() != null
                            && Path.of(path).getFileName().toString().contains(fragment))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Throws when the native backend's shim is loaded: DJL must then not load its libtorch. */
    public static void requireNoNativeShim() {
        find(NATIVE_SHIM).ifPresent(path -> {
            throw new IllegalStateException("the native backend's libtorch is loaded in this JVM (" + path
                    + "): DJL cannot load its own; run the djl backend in a JVM of its own");
        });
    }

    /** Throws when DJL's libtorch is loaded: the native backend must then not load the machine's. */
    public static void requireNoDjlTorch() {
        find(DJL_TORCH).ifPresent(path -> {
            throw new IllegalStateException("DJL's libtorch is loaded in this JVM (" + path
                    + "): the native backend cannot load another; run it in a JVM of its own");
        });
    }
}
