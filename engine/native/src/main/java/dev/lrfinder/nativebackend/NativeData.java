package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.lrfinder.base.Checks;
import dev.lrfinder.task.TrainingData;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A whole dataset where the model is: on the CPU the shim reads the Java-owned segments in place
 * (zero-copy), on a GPU it copies them over once. Batches are assembled natively from a plan of
 * row indices and augmentation draws ({@link dev.lrfinder.task.BatchSampler#nextPlan}), on the
 * device.
 */
public final class NativeData extends NativeHandle {
    private final NativeShim shim;
    private final Arena arena; // owns copies made here; null when the caller owns the segments
    private final MemorySegment features; // kept reachable: the shim reads them in place
    private final MemorySegment targets;
    private final long samples;
    private final long sampleSize;
    private final String device;

    private NativeData(NativeShim shim, MemorySegment handle, Arena arena, MemorySegment features,
            MemorySegment targets, long samples, long sampleSize, String device) {
        super("data", handle);
        this.shim = shim;
        this.arena = arena;
        this.features = features;
        this.targets = targets;
        this.samples = samples;
        this.sampleSize = sampleSize;
        this.device = device;
    }

    /**
     * A dataset in segments the caller owns and keeps alive until this is closed: {@code features}
     * holds {@code samples x sampleShape} float32s, row after row, {@code targets} one float32 per
     * sample (a class index for cross-entropy, a value for regression losses).
     */
    public static NativeData of(MemorySegment features, MemorySegment targets, long[] sampleShape, String device) {
        // The shim keeps reading them after this call: heap arrays can move, native memory cannot.
        if (!features.isNative()) {
            throw Checks.invalid("features", "a heap segment", "native memory (Arena.allocate...): the shim reads it in place");
        }
        if (!targets.isNative()) {
            throw Checks.invalid("targets", "a heap segment", "native memory (Arena.allocate...): the shim reads it in place");
        }
        long sampleSize = sampleSize(sampleShape);
        if (features.byteSize() % (sampleSize * Float.BYTES) != 0 || features.byteSize() == 0) {
            throw Checks.invalid("features.byteSize()", features.byteSize(),
                    "a positive multiple of one sample's " + sampleSize * Float.BYTES + " bytes (shape "
                            + Arrays.toString(sampleShape) + ", float32)");
        }
        long samples = features.byteSize() / (sampleSize * Float.BYTES);
        if (targets.byteSize() != samples * Float.BYTES) {
            throw Checks.invalid("targets.byteSize()", targets.byteSize(),
                    samples * Float.BYTES + " (one float32 per sample, " + samples + " samples)");
        }
        return create(null, features, targets, sampleShape, null, 0, device);
    }

    /**
     * {@code data} with the sampler's noise table: a direct block (the user's data) is read in place
     * through {@code MemorySegment.ofBuffer}, never copied; a heap one (a built-in task's) is copied
     * once into native memory. The targets are copied (one float a sample).
     */
    static NativeData of(TrainingData data, float[] noiseTable, float augmentNoise, String device) {
        Arena arena = Arena.ofShared();
        try {
            FloatBuffer block = data.features();
            MemorySegment features;
            if (block.isDirect()) {
                features = MemorySegment.ofBuffer(block); // keeps the buffer, and so its memory, reachable
            } else {
                features = arena.allocate(JAVA_FLOAT, block.remaining());
                MemorySegment.copy(MemorySegment.ofBuffer(block), 0, features, 0, features.byteSize());
            }
            MemorySegment targets = arena.allocateFrom(JAVA_FLOAT, data.targets());
            return create(arena, features, targets, data.sampleShape(), noiseTable, augmentNoise, device);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static NativeData create(Arena owned, MemorySegment features, MemorySegment targets, long[] sampleShape,
            float[] noiseTable, float augmentNoise, String device) {
        NativeShim shim = NativeShim.get();
        long sampleSize = sampleSize(sampleShape);
        long samples = features.byteSize() / (sampleSize * Float.BYTES);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(ADDRESS);
            MemorySegment table = noiseTable == null ? MemorySegment.NULL : call.allocateFrom(JAVA_FLOAT, noiseTable);
            shim.call(shim.dataNew, features, targets, samples, call.allocateFrom(JAVA_LONG, sampleShape),
                    sampleShape.length, table, noiseTable == null ? 0L : (long) noiseTable.length,
                    noiseTable == null ? 0f : augmentNoise, call.allocateFrom(device), out);
            return new NativeData(shim, out.get(ADDRESS, 0), owned, features, targets, samples, sampleSize, device);
        }
    }

    private static long sampleSize(long[] sampleShape) {
        if (sampleShape.length == 0) {
            throw Checks.invalid("sampleShape", "[]", "at least one dimension");
        }
        long size = 1;
        for (long d : sampleShape) {
            if (d < 1) {
                throw Checks.invalid("sampleShape", Arrays.toString(sampleShape), "dimensions >= 1");
            }
            size *= d;
        }
        return size;
    }

    public long samples() {
        return samples;
    }

    /** The features the shim reads: the caller's memory, viewed in place, or a copy this data owns. */
    MemorySegment features() {
        return features;
    }

    public String device() {
        return device;
    }

    /**
     * One batch as a sweep step assembles it, copied back: rows {@code indices}, flipped where
     * {@code flips} is 1, noised from {@code noiseOffsets}. {@code features} gets {@code batch x
     * sample} floats, {@code targets} one per row.
     */
    public void batch(long[] indices, byte[] flips, int[] noiseOffsets, float[] features, float[] targets) {
        int batch = indices.length;
        if (features.length != batch * sampleSize) {
            throw Checks.invalid("features.length", features.length, "indices.length x sample size = " + batch * sampleSize);
        }
        if (targets.length != batch) {
            throw Checks.invalid("targets.length", targets.length, "indices.length = " + batch);
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment x = call.allocate(JAVA_FLOAT, features.length);
            MemorySegment y = call.allocate(JAVA_FLOAT, targets.length);
            shim.call(shim.dataBatch, handle(), (long) batch, call.allocateFrom(JAVA_LONG, indices),
                    flips == null ? MemorySegment.NULL : call.allocateFrom(JAVA_BYTE, flips),
                    noiseOffsets == null ? MemorySegment.NULL : call.allocateFrom(JAVA_INT, noiseOffsets), x, y);
            MemorySegment.copy(x, JAVA_FLOAT, 0, features, 0, features.length);
            MemorySegment.copy(y, JAVA_FLOAT, 0, targets, 0, targets.length);
        }
    }

    @Override
    void free(MemorySegment handle) {
        try {
            shim.call(shim.dataFree, handle);
        } finally {
            if (arena != null) {
                arena.close();
            }
        }
    }
}
