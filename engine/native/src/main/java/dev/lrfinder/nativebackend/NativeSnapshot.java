package dev.lrfinder.nativebackend;

import dev.lrfinder.sweep.SweepSession;
import java.lang.foreign.MemorySegment;

/**
 * A copy of a trainer's model (parameters and buffers) and optimizer state, in native memory on
 * the model's device. {@link #restore()} writes it back in place, bit for bit, as often as asked.
 */
public final class NativeSnapshot extends NativeHandle implements SweepSession.Snapshot {
    private final NativeShim shim;

    NativeSnapshot(NativeShim shim, MemorySegment handle) {
        super("snapshot", handle);
        this.shim = shim;
    }

    /** Puts the model and the optimizer back as they were when the snapshot was taken. */
    @Override
    public void restore() {
        shim.call(shim.snapshotRestore, handle());
    }

    @Override
    void free(MemorySegment handle) {
        shim.call(shim.snapshotFree, handle);
    }
}
