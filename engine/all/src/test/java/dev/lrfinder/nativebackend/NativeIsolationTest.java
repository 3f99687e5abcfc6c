package dev.lrfinder.nativebackend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.Backends;
import dev.lrfinder.base.ProcessLibraries;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One libtorch per JVM: the native backend never brings DJL's in, and DJL refuses to join it. */
@ExtendWith(ShimExtension.class)
class NativeIsolationTest {
    @Test
    void aNativeSweepLoadsOnlyTheShimsLibtorchAndDjlThenRefusesToStart() {
        SweepBackend backend = Backends.byId("native");
        assertEquals("native", backend.id());
        backend.run(TaskSpec.named("spirals").withSamples(128), ModelSpec.mlp(8),
                SweepConfig.builder().optSteps(10).build());
        assertTrue(ProcessLibraries.find(ProcessLibraries.NATIVE_SHIM).isPresent());
        assertFalse(ProcessLibraries.find(ProcessLibraries.DJL_TORCH).isPresent(), "DJL's libtorch was loaded");
        assertTrue(ProcessLibraries.find("libtorch_cpu").orElseThrow().contains("/usr/lib/"),
                ProcessLibraries.find("libtorch_cpu").orElseThrow());
        // Naming the djl backend loads nothing; starting its engine is refused, not a crash.
        SweepBackend djl = Backends.byId("djl");
        var e = assertThrows(IllegalStateException.class, () -> djl.run(TaskSpec.named("spirals").withSamples(128),
                ModelSpec.mlp(8), SweepConfig.builder().optSteps(10).build()));
        assertTrue(e.getMessage().startsWith("the native backend's libtorch is loaded in this JVM"), e.getMessage());
        assertFalse(ProcessLibraries.find(ProcessLibraries.DJL_TORCH).isPresent());
    }

    @Test
    void theDjlBackendIsCpuOnly() {
        var e = assertThrows(IllegalArgumentException.class, () -> Backends.byId("djl", "cuda:0"));
        assertEquals("device = cuda:0: must be cpu for the djl backend (use --backend native for a GPU)", e.getMessage());
        assertEquals("native", Backends.byId("native", "cuda:0").id()); // checked on first use, not here
    }
}
