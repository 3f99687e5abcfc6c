package dev.lrfinder.nativebackend;

import dev.lrfinder.sweep.SweepSession;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A copy of a trainer's model (parameters and buffers) and optimizer state, in native memory on
 * the model's device. {@link #restore()} writes it back in place, bit for bit, as often as asked.
 */
public final class NativeSnapshot extends NativeHandle implements SweepSession.Snapshot {
    private final NativeShim shim;
    private final MethodHandle restore;
    private final MethodHandle free;

    NativeSnapshot(NativeShim shim, MemorySegment handle) {
        this(shim, handle, "snapshot", shim.snapshotRestore, shim.snapshotFree);
    }

    /** A snapshot restored and freed by the given entry points (a batched replica's: {@link ReplicaShim}). */
    NativeSnapshot(NativeShim shim, MemorySegment handle, String kind, MethodHandle restore, MethodHandle free) {
        super(kind, handle);
        this.shim = shim;
        this.restore = restore;
        this.free = free;
    }

    /** Puts the model and the optimizer back as they were when the snapshot was taken. */
    @Override
    public void restore() {
        shim.call(restore, handle());
    }

    @Override
    void free(MemorySegment handle) {
        shim.call(free, handle);
    }
}
