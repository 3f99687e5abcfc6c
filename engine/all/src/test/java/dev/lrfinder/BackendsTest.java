package dev.lrfinder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lrfinder.sweep.BackendChoice;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule of --backend auto, with the native backend's availability given. */
class BackendsTest {
    private static final String ABSENT = "the native shim liblrfinder_shim.so is missing: add dev.lrfinder:lrfinder-native:0.1.0:linux-x86_64 ...";

    @Test
    void autoIsNativeWhereTheShimLoadsAndDjlWhereItDoesNot() {
        assertEquals(new BackendChoice("auto", "native", "the native shim is built and runs this model"),
                Backends.choose("auto", "cpu", Optional::empty));
        assertEquals(new BackendChoice("auto", "djl",
                        "the native backend cannot run here: the native shim liblrfinder_shim.so is missing"),
                Backends.choose("auto", "cpu", () -> Optional.of(ABSENT)));
        assertEquals(new BackendChoice("auto", "djl",
                        "the native backend cannot run here: DJL's libtorch is loaded in this JVM"),
                Backends.choose("auto", "cpu", () -> Optional.of("DJL's libtorch is loaded in this JVM (/x/libdjl_torch.so):"
                        + " the native backend cannot load another")));
    }

    @Test
    void aGpuAlwaysMeansNativeAndANamedBackendIsTakenAsNamed() {
        assertEquals("native", Backends.choose("auto", "cuda:0", () -> Optional.of(ABSENT)).chosen());
        assertEquals(new BackendChoice("djl", "djl", "asked for"), Backends.choose("djl", "cpu", Optional::empty));
        assertEquals("native", Backends.choose("native", "cpu", () -> Optional.of(ABSENT)).chosen());
        assertEquals("auto", Backends.DEFAULT);
    }

    @Test
    void anUnknownBackendNamesTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> Backends.choose("tpu", "cpu", Optional::empty));
        assertEquals("backend = tpu: must be auto, djl or native", e.getMessage());
    }
}
