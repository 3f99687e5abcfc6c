package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.task.ModelSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every way to misuse the shim is an exception with its message, never a crash. */
@ExtendWith(ShimExtension.class)
class NativeErrorsTest {
    private static final ModelSpec MLP = ModelSpec.mlp(8);

    private static NativeModel model() {
        return NativeModel.builtin(MLP, new long[] {4}, 3, 1, "cpu");
    }

    @Test
    void aHandleTheShimNeverMadeIsRefused() {
        NativeShim shim = NativeShim.get();
        var e = assertThrows(IllegalStateException.class,
                () -> shim.call(shim.modelFree, MemorySegment.ofAddress(0x1234)));
        assertEquals("model handle 0x1234: not a live model (NULL, already freed, or not made by this library)",
                e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> shim.call(shim.trainerFree, MemorySegment.NULL));
        assertTrue(e.getMessage().startsWith("trainer handle "), e.getMessage());
    }

    @Test
    void aFreedHandleAndAHandleOfTheWrongKindAreRefused() {
        NativeShim shim = NativeShim.get();
        NativeModel model = model();
        MemorySegment raw = model.handle();
        // a model handle where a snapshot is expected
        var wrongKind = assertThrows(IllegalStateException.class, () -> shim.call(shim.snapshotRestore, raw));
        assertTrue(wrongKind.getMessage().contains("not a live snapshot"), wrongKind.getMessage());
        model.close();
        var freed = assertThrows(IllegalStateException.class, () -> shim.call(shim.modelFree, raw));
        assertTrue(freed.getMessage().contains("not a live model"), freed.getMessage());
    }

    @Test
    void useAfterCloseAndClosingTwiceAreIllegalState(Arena arena) {
        NativeModel model = model();
        model.close();
        assertTrue(model.isClosed());
        assertEquals("model: already closed", assertThrows(IllegalStateException.class, model::close).getMessage());
        assertEquals("model: already closed",
                assertThrows(IllegalStateException.class, model::parameterTensors).getMessage());

        try (NativeModel live = model()) {
            NativeData data = NativeData.of(arena.allocate(JAVA_FLOAT, 40), arena.allocate(JAVA_FLOAT, 10),
                    new long[] {4}, "cpu");
            NativeTrainer trainer = NativeTrainer.create(live, "cross_entropy", SweepConfig.defaults());
            NativeSnapshot snapshot = trainer.snapshot();
            trainer.close();
            // the snapshot shares ownership of what it restores: still fine after the trainer is gone
            snapshot.restore();
            snapshot.close();
            assertThrows(IllegalStateException.class, snapshot::restore);
            assertThrows(IllegalStateException.class, () -> trainer.step(data, 0.1, new long[] {0}, null, null));
            data.close();
            assertThrows(IllegalStateException.class, data::close);
        }
    }

    @Test
    void badDevicesAreBadArguments() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> NativeModel.builtin(MLP, new long[] {4}, 3, 1, "tpu"));
        assertEquals("device = tpu: must be cpu, cuda or cuda:N", e.getMessage());
        int gpus = cudaDevices();
        if (gpus == 0) {
            e = assertThrows(IllegalArgumentException.class, () -> NativeModel.builtin(MLP, new long[] {4}, 3, 1, "cuda:0"));
            assertEquals("device = cuda:0: must be a CUDA device this libtorch sees (0 visible; a CPU-only libtorch, or no GPU)",
                    e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class,
                () -> NativeModel.builtin(MLP, new long[] {4}, 3, 1, "cuda:" + gpus));
        assertTrue(e.getMessage().startsWith("device = cuda:" + gpus + ": must be a CUDA device"), e.getMessage());
    }

    @Test
    void badShapesAndPlansAreBadArguments(Arena arena) {
        try (NativeModel model = model()) {
            var e = assertThrows(IllegalArgumentException.class, () -> NativeData.of(arena.allocate(JAVA_FLOAT, 41),
                    arena.allocate(JAVA_FLOAT, 10), new long[] {4}, "cpu"));
            assertEquals("features.byteSize() = 164: must be a positive multiple of one sample's 16 bytes"
                    + " (shape [4], float32)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> NativeData.of(arena.allocate(JAVA_FLOAT, 40),
                    arena.allocate(JAVA_FLOAT, 9), new long[] {4}, "cpu"));
            assertEquals("targets.byteSize() = 36: must be 40 (one float32 per sample, 10 samples)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> NativeData.of(MemorySegment.ofArray(new float[40]),
                    arena.allocate(JAVA_FLOAT, 10), new long[] {4}, "cpu"));
            assertEquals("features = a heap segment: must be native memory (Arena.allocate...): the shim reads it in place",
                    e.getMessage());
            try (NativeData data = NativeData.of(arena.allocate(JAVA_FLOAT, 40), arena.allocate(JAVA_FLOAT, 10),
                            new long[] {4}, "cpu");
                    NativeTrainer trainer = NativeTrainer.create(model, "cross_entropy", SweepConfig.defaults())) {
                e = assertThrows(IllegalArgumentException.class,
                        () -> trainer.step(data, 0.1, new long[] {0, 10}, null, null));
                assertEquals("indices[1] = 10: must be in [0, 10)", e.getMessage());
                e = assertThrows(IllegalArgumentException.class, () -> NativeModel.builtin(
                        ModelSpec.defaults(ModelSpec.Kind.CNN), new long[] {784}, 10, 1, "cpu"));
                assertEquals("sampleShape = [784]: must be [channels, height, width] for cnn", e.getMessage());
            }
        }
    }

    private static int cudaDevices() {
        NativeShim shim = NativeShim.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            shim.call(shim.cudaDeviceCount, count);
            return count.get(JAVA_INT, 0);
        }
    }
}
