package dev.lrfinder;

import dev.lrfinder.base.Checks;
import dev.lrfinder.djl.DjlBackend;
import dev.lrfinder.nativebackend.NativeBackend;
import dev.lrfinder.sweep.BackendChoice;
import dev.lrfinder.sweep.SweepBackend;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The sweep backends by name. Naming {@code djl} or {@code native} loads nothing: a backend loads its
 * libtorch on first use. {@code auto} (the default) is the fastest one that can run here:
 *
 * <ul>
 *   <li>{@code native} when its shim is built and loads in this JVM: it runs every built-in task and
 *       model (and TorchScript models), 2.6x {@code djl}'s steps per second on the default MLP and
 *       within 20% of it where matrix products dominate (README, "lrfinder bench and performance");
 *   <li>{@code djl} when the shim is absent or cannot load (not built, or DJL's libtorch is already
 *       in the process);
 *   <li>{@code native} for a GPU whatever else holds ({@code djl} runs on the CPU only).
 * </ul>
 *
 * Deciding {@code auto} loads the shim (and with it the machine's libtorch) when it is there: the
 * sweep would load it next anyway.
 */
public final class Backends {
    /** Picks the fastest backend that can run here: see the class comment for the rule. */
    public static final String AUTO = "auto";
    /** The backend used when none is named; change it only with the rule in the class comment. */
    public static final String DEFAULT = AUTO;
    /** The device a backend runs on when none is named. */
    public static final String DEFAULT_DEVICE = "cpu";

    private Backends() {}

    public static SweepBackend byId(String id) {
        return byId(id, DEFAULT_DEVICE);
    }

    /**
     * {@code auto}, {@code djl} (CPU only: DJL's CUDA builds are not on Maven Central) or {@code
     * native} on {@code device} ({@code cpu}, {@code cuda}, {@code cuda:N}).
     */
    public static SweepBackend byId(String id, String device) {
        return of(choose(id, device).chosen(), device);
    }

    /** Which backend {@code id} means on {@code device} here, and why; {@code auto} loads the shim if it is built. */
    public static BackendChoice choose(String id, String device) {
        return choose(id, device, NativeBackend::unavailableReason);
    }

    /** {@link #choose(String, String)} with the native backend's availability given (tests). */
    static BackendChoice choose(String id, String device, Supplier<Optional<String>> nativeUnavailable) {
        if ("djl".equals(id) || "native".equals(id)) {
            return new BackendChoice(id, id, "asked for");
        }
        if (!AUTO.equals(id)) {
            throw Checks.invalid("backend", id, "auto, djl or native");
        }
        if (!DEFAULT_DEVICE.equals(device)) {
            return new BackendChoice(AUTO, "native", "device " + device + " needs the native backend");
        }
        Optional<String> absent = nativeUnavailable.get();
        return absent.isEmpty()
                ? new BackendChoice(AUTO, "native", "the native shim is built and runs this model")
                : new BackendChoice(AUTO, "djl", "the native backend cannot run here: " + firstClause(absent.get()));
    }

    /** {@code "the native shim x.so is missing"} of {@code "the native shim x.so is missing: add ..."}. */
    private static String firstClause(String reason) {
        int end = reason.length();
        for (char stop : new char[] {':', '(', ';'}) {
            int at = reason.indexOf(stop);
            if (at > 0) {
                end = Math.min(end, at);
            }
        }
        return reason.substring(0, end).strip();
    }

    private static SweepBackend of(String chosen, String device) {
        if ("djl".equals(chosen)) {
            if (!DEFAULT_DEVICE.equals(device)) {
                throw Checks.invalid("device", device, "cpu for the djl backend (use --backend native for a GPU)");
            }
            return new DjlBackend();
        }
        return new NativeBackend(device);
    }
}
