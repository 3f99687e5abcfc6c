package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.lrfinder.sweep.BackendInfo;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.ReplicaGroup;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepSession;
import dev.lrfinder.task.BatchSampler;
import dev.lrfinder.task.ModelSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * K built-in models in the shim as one batched model ({@code lrf_replicas_*}): replica {@code k}
 * has config {@code k}'s seed, so the same initial weights and batch order as a {@link
 * NativeSession} of that config. Each replica's step draws its plan into its slice of one batched
 * plan and stages its rate; {@link #step()} is one downcall for all of them. The losses come back
 * in one host read per block for every replica at once and wait in a queue per replica until that
 * replica reads them. Not thread-safe.
 */
final class NativeReplicas implements ReplicaGroup {
    private final ReplicaShim shim;
    private final Handle handle;
    private final NativeData data;
    private final int count;
    private final int batch;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment lrs;
    private final MemorySegment active;
    private final MemorySegment indices;
    private final MemorySegment flips;
    private final MemorySegment noiseOffsets;
    private final MemorySegment readSteps = arena.allocate(JAVA_LONG);
    private final List<byte[]> unread = new ArrayList<>(); // per device step not yet read: who was active
    private final byte[] staged;
    private final List<SweepSession> replicas;
    private final BackendInfo info;
    private MemorySegment block;
    private boolean closed;

    private NativeReplicas(ReplicaShim shim, Handle handle, NativeData data, List<SweepConfig> configs,
            List<BatchSampler> samplers, String device) {
        this.shim = shim;
        this.handle = handle;
        this.data = data;
        this.count = configs.size();
        this.batch = configs.getFirst().batchSize();
        this.lrs = arena.allocate(JAVA_DOUBLE, count);
        this.active = arena.allocate(JAVA_BYTE, count);
        this.indices = arena.allocate(JAVA_LONG, (long) count * batch);
        this.flips = arena.allocate(JAVA_BYTE, (long) count * batch);
        this.noiseOffsets = arena.allocate(JAVA_INT, (long) count * batch);
        this.staged = new byte[count];
        this.block = arena.allocate(JAVA_DOUBLE, (long) count * SweepConfig.DEFAULT_LOSS_READ_INTERVAL);
        NativeShim base = shim.shim;
        this.info = new BackendInfo("native", "PyTorch", NativeShim.string(base.torchVersion),
                "lrfinder shim " + NativeShim.string(base.version) + ", " + count + " batched replicas", device);
        List<SweepSession> list = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            long rows = (long) k * batch;
            BatchPlan plan = new BatchPlan(samplers.get(k), indices.asSlice(rows * Long.BYTES, (long) batch * Long.BYTES),
                    flips.asSlice(rows, batch), noiseOffsets.asSlice(rows * Integer.BYTES, (long) batch * Integer.BYTES));
            list.add(new Replica(k, plan));
        }
        this.replicas = List.copyOf(list);
    }

    /** The replica shim's name for {@code o}: torch's SGD with momentum is its {@code momentum} or {@code nesterov}. */
    static String shimName(OptimizerSpec o) {
        if (o.kind() != OptimizerKind.SGD || o.momentum() == 0) {
            return o.kind().id();
        }
        return o.nesterov() ? "nesterov" : "momentum";
    }

    /**
     * One replica per config (equal but for their seeds) of {@code model} on {@code data}, each
     * batch planned by its sampler; {@code loss} as lrf_trainer_new names it. The group owns {@code
     * data} and closes it.
     */
    static NativeReplicas open(ModelSpec model, long[] sampleShape, int outputs, NativeData data, String loss,
            List<SweepConfig> configs, List<BatchSampler> samplers, String device, boolean cudaGraphs) {
        ReplicaShim shim = ReplicaShim.get();
        SweepConfig first = configs.getFirst();
        shim.shim.call(shim.shim.setThreads, first.threads());
        long[] widths = model.widths().stream().mapToLong(Integer::longValue).toArray();
        long[] seeds = configs.stream().mapToLong(SweepConfig::seed).toArray();
        MemorySegment made;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(ADDRESS);
            shim.shim.call(shim.replicasNew, call.allocateFrom(model.kind().id()), call.allocateFrom(JAVA_LONG, widths),
                    widths.length, call.allocateFrom(model.activation().id()), call.allocateFrom(JAVA_LONG, sampleShape),
                    sampleShape.length, (long) outputs, call.allocateFrom(JAVA_LONG, seeds), seeds.length,
                    call.allocateFrom(device), call.allocateFrom(shimName(first.optimizer())),
                    first.optimizer().momentum(), first.optimizer().weightDecay(), call.allocateFrom(loss),
                    call.allocateFrom(first.precision().id()), cudaGraphs ? 1 : 0, out);
            made = out.get(ADDRESS, 0);
        }
        Handle handle = new Handle(shim, made);
        try {
            return new NativeReplicas(shim, handle, data, configs, samplers, device);
        } catch (RuntimeException | Error e) {
            handle.close();
            throw e;
        }
    }

    @Override
    public List<SweepSession> replicas() {
        return replicas;
    }

    @Override
    public void step() {
        MemorySegment.copy(staged, 0, active, JAVA_BYTE, 0, count);
        shim.step(handle.handle(), data.handle(), batch, lrs, active, indices, flips, noiseOffsets);
        unread.add(staged.clone());
        Arrays.fill(staged, (byte) 0);
    }

    /** Every queued step's losses to the host in one read, into the queues of the replicas that ran them. */
    private void readBlock() {
        long needed = (long) unread.size() * count;
        if (needed == 0) {
            return;
        }
        if (block.byteSize() < needed * Double.BYTES) {
            block = arena.allocate(JAVA_DOUBLE, needed);
        }
        shim.shim.call(shim.replicasReadLosses, handle.handle(), block, needed, readSteps);
        for (int s = 0; s < unread.size(); s++) {
            byte[] ran = unread.get(s);
            for (int k = 0; k < count; k++) {
                if (ran[k] != 0) {
                    ((Replica) replicas.get(k)).queue(block.getAtIndex(JAVA_DOUBLE, (long) s * count + k));
                }
            }
        }
        unread.clear();
    }

    /** Replica {@code k}'s parameters as raw bytes, in {@link NativeModel#stateBytes()}'s order (tests). */
    byte[] stateBytes(int k) {
        try (Arena call = Arena.ofConfined()) {
            long capacity = 1L << 28;
            MemorySegment bytes = call.allocate(capacity);
            MemorySegment written = call.allocate(JAVA_LONG);
            shim.shim.call(shim.replicasStateBytes, handle.handle(), k, bytes, capacity, written);
            return bytes.asSlice(0, written.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
        }
    }

    @Override
    @SuppressWarnings("try") // the resources are there to be closed
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (NativeData d = data; Handle h = handle) {
            // closed in reverse order, each even when another fails
        } finally {
            arena.close();
        }
    }

    /** Replica {@code index} as the sweep loop sees it. */
    private final class Replica implements SweepSession {
        private final int index;
        private final BatchPlan plan;
        private double[] queued = new double[SweepConfig.DEFAULT_LOSS_READ_INTERVAL];
        private int size;

        Replica(int index, BatchPlan plan) {
            this.index = index;
            this.plan = plan;
        }

        /** Plans this replica's next batch and stages its rate for the group's next step. */
        @Override
        public double step(double lr) {
            plan.next();
            lrs.setAtIndex(JAVA_DOUBLE, index, lr);
            staged[index] = 1;
            return lr;
        }

        void queue(double loss) {
            if (size == queued.length) {
                queued = Arrays.copyOf(queued, 2 * size);
            }
            queued[size++] = loss;
        }

        @Override
        public int readLosses(double[] into, int offset) {
            readBlock();
            System.arraycopy(queued, 0, into, offset, size);
            int read = size;
            size = 0;
            return read;
        }

        @Override
        public Snapshot snapshot() {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment out = call.allocate(ADDRESS);
                shim.shim.call(shim.snapshotTake, handle.handle(), index, out);
                return new NativeSnapshot(shim.shim, out.get(ADDRESS, 0), "replica snapshot", shim.snapshotRestore,
                        shim.snapshotFree);
            }
        }

        @Override
        public BackendInfo info() {
            return info;
        }

        /** The group closes everything. */
        @Override
        public void close() {}
    }

    /** The shim's lrf_replicas handle. */
    private static final class Handle extends NativeHandle {
        private final ReplicaShim shim;

        Handle(ReplicaShim shim, MemorySegment handle) {
            super("replicas", handle);
            this.shim = shim;
        }

        @Override
        void free(MemorySegment handle) {
            shim.shim.call(shim.replicasFree, handle);
        }
    }
}
