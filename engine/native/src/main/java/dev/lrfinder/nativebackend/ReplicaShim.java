package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** The downcalls of {@code lrfinder_replicas.h}: batched replicas, precision, CUDA graphs. */
final class ReplicaShim {
    private static ReplicaShim instance;

    final NativeShim shim;
    final MethodHandle replicasNew;
    final MethodHandle replicasFree;
    final MethodHandle replicasStep;
    final MethodHandle replicasReadLosses;
    final MethodHandle replicasStateBytes;
    final MethodHandle snapshotTake;
    final MethodHandle snapshotRestore;
    final MethodHandle snapshotFree;
    final MethodHandle cudaGraphsBuilt;
    final MethodHandle trainerSetPrecision;

    private ReplicaShim(NativeShim shim) {
        this.shim = shim;
        replicasNew = shim.function("lrf_replicas_new", ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT,
                JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE, JAVA_DOUBLE, ADDRESS, ADDRESS, JAVA_INT,
                ADDRESS);
        replicasFree = shim.function("lrf_replicas_free", ADDRESS);
        replicasStep = shim.function("lrf_replicas_step", ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS);
        replicasReadLosses = shim.function("lrf_replicas_read_losses", ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        replicasStateBytes = shim.function("lrf_replicas_state_bytes", ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS);
        snapshotTake = shim.function("lrf_replica_snapshot_take", ADDRESS, JAVA_INT, ADDRESS);
        snapshotRestore = shim.function("lrf_replica_snapshot_restore", ADDRESS);
        snapshotFree = shim.function("lrf_replica_snapshot_free", ADDRESS);
        cudaGraphsBuilt = shim.function("lrf_cuda_graphs_built", ADDRESS);
        trainerSetPrecision = shim.function("lrf_trainer_set_precision", ADDRESS, ADDRESS);
    }

    /** The loaded shim's replica entry points; loads the shim. */
    static synchronized ReplicaShim get() {
        if (instance == null) {
            instance = new ReplicaShim(NativeShim.get());
        }
        return instance;
    }

    /** Whether the shim was built with CUDA graphs (against a torch with CUDA and its runtime headers). */
    boolean cudaGraphsBuilt() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment built = arena.allocate(JAVA_INT);
            shim.call(cudaGraphsBuilt, built);
            return built.get(JAVA_INT, 0) != 0;
        }
    }

    /** lrf_replicas_step, with {@code invokeExact}: once per batched step. */
    void step(MemorySegment replicas, MemorySegment data, long batch, MemorySegment lrs, MemorySegment active,
            MemorySegment indices, MemorySegment flips, MemorySegment noiseOffsets) {
        int code;
        try {
            code = (int) replicasStep.invokeExact(replicas, data, batch, lrs, active, indices, flips, noiseOffsets);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("calling the native shim failed", e);
        }
        shim.check(code);
    }
}
