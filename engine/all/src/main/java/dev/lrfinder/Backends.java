package dev.lrfinder;

import dev.lrfinder.djl.DjlBackend;
import dev.lrfinder.nativebackend.NativeBackend;
import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.SweepBackend;

/** The sweep backends by name. Naming one loads nothing: a backend loads its libtorch on first use. */
public final class Backends {
    /** The backend used when none is named. */
    public static final String DEFAULT = "djl";

    private Backends() {}

    /** The device a backend runs on when none is named. */
    public static final String DEFAULT_DEVICE = "cpu";

    public static SweepBackend byId(String id) {
        return byId(id, DEFAULT_DEVICE);
    }

    /**
     * {@code djl} (CPU only: DJL's CUDA builds are not on Maven Central) or {@code native} on
     * {@code device} ({@code cpu}, {@code cuda}, {@code cuda:N}).
     */
    public static SweepBackend byId(String id, String device) {
        if ("djl".equals(id)) {
            if (!DEFAULT_DEVICE.equals(device)) {
                throw Checks.invalid("device", device, "cpu for the djl backend (use --backend native for a GPU)");
            }
            return new DjlBackend();
        }
        if ("native".equals(id)) {
            return new NativeBackend(device);
        }
        throw Checks.invalid("backend", id, "djl or native");
    }
}
