package dev.lrfinder;

import dev.lrfinder.djl.DjlBackend;
import dev.lrfinder.sweep.Checks;
import dev.lrfinder.sweep.SweepBackend;

/** The sweep backends by name. Naming one loads nothing: a backend loads its libtorch on first use. */
public final class Backends {
    /** The backend used when none is named. */
    public static final String DEFAULT = "djl";

    private Backends() {}

    public static SweepBackend byId(String id) {
        if ("djl".equals(id)) {
            return new DjlBackend();
        }
        throw Checks.invalid("backend", id, "djl (the only backend built so far)");
    }
}
