package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.lrfinder.base.Checks;
import dev.lrfinder.task.Architectures;
import dev.lrfinder.task.Layer;
import dev.lrfinder.task.ModelSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A model in native memory on one device: a built-in network ({@link ModelSpec}) or a user's
 * TorchScript module. Its parameters are what a {@link NativeTrainer} steps and a {@link
 * NativeSnapshot} restores.
 */
public final class NativeModel extends NativeHandle {
    private final NativeShim shim;
    private final String device;
    private final String description;

    private NativeModel(NativeShim shim, MemorySegment handle, String device, String description) {
        super("model", handle);
        this.shim = shim;
        this.device = device;
        this.description = description;
    }

    /**
     * The built-in model {@code spec} for samples of {@code sampleShape} and {@code outputs} outputs,
     * initialised from {@code seed} as ModelSpec says, on {@code device} ({@code cpu}, {@code cuda:0}).
     */
    public static NativeModel builtin(ModelSpec spec, long[] sampleShape, int outputs, long seed, String device) {
        Checks.inRange("outputs", outputs, 1, 1 << 20);
        if (spec.isLayered()) {
            return layers(spec, Architectures.layers(spec, sampleShape, outputs), seed, device);
        }
        NativeShim shim = NativeShim.get();
        long[] widths = spec.widths().stream().mapToLong(Integer::longValue).toArray();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            shim.call(shim.modelBuiltin,
                    arena.allocateFrom(spec.kind().id()),
                    arena.allocateFrom(JAVA_LONG, widths), widths.length,
                    arena.allocateFrom(spec.activation().id()),
                    arena.allocateFrom(JAVA_LONG, sampleShape), sampleShape.length,
                    (long) outputs, seed, arena.allocateFrom(device), out);
            return new NativeModel(shim, out.get(ADDRESS, 0), device, spec.describe());
        }
    }

    /** {@code layers} (laid out for {@code spec}) built by the shim's layer builder. */
    private static NativeModel layers(ModelSpec spec, List<Layer> layers, long seed, String device) {
        NativeShim shim = NativeShim.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            shim.call(shim.modelLayers, arena.allocateFrom(LayerProgram.text(layers)), seed, arena.allocateFrom(device),
                    out);
            return new NativeModel(shim, out.get(ADDRESS, 0), device, spec.describe());
        }
    }

    /**
     * A TorchScript module saved with {@code torch.jit.save} (scripted or traced), on {@code device}.
     * Its parameters with {@code requires_grad} are trained; its buffers are restored with them.
     *
     * @throws java.io.UncheckedIOException when the file cannot be read
     * @throws NativeException when libtorch cannot load it
     */
    public static NativeModel load(Path file, String device) {
        NativeShim shim = NativeShim.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            shim.call(shim.modelLoad, arena.allocateFrom(file.toString()), arena.allocateFrom(device), out);
            return new NativeModel(shim, out.get(ADDRESS, 0), device, "TorchScript " + file.getFileName());
        }
    }

    /** The device it lives on, as given. */
    public String device() {
        return device;
    }

    /** What it is, in words, for run records. */
    public String description() {
        return description;
    }

    /** Trainable parameter tensors. */
    public long parameterTensors() {
        return parameterInfo()[0];
    }

    /** Bytes of all trainable parameters. */
    public long parameterBytes() {
        return parameterInfo()[1];
    }

    /** Every parameter's bytes, then every buffer's, in a fixed order: for bit-for-bit checks. */
    public byte[] stateBytes() {
        try (Arena arena = Arena.ofConfined()) {
            long capacity = parameterInfo()[2];
            MemorySegment written = arena.allocate(JAVA_LONG);
            MemorySegment bytes = arena.allocate(capacity);
            shim.call(shim.modelStateBytes, handle(), bytes, capacity, written);
            return bytes.asSlice(0, written.get(JAVA_LONG, 0)).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        }
    }

    /** Runs the model (no gradients) on {@code input} shaped {@code shape}; the outputs, flattened. */
    public float[] forward(float[] input, long... shape) {
        try (Arena arena = Arena.ofConfined()) {
            long capacity = 1 << 20; // floats: plenty for the small batches this is meant for
            MemorySegment output = arena.allocate(JAVA_FLOAT, capacity);
            MemorySegment count = arena.allocate(JAVA_LONG);
            shim.call(shim.modelForward, handle(), arena.allocateFrom(JAVA_FLOAT, input),
                    arena.allocateFrom(JAVA_LONG, shape), shape.length, output, capacity, count);
            return output.asSlice(0, count.get(JAVA_LONG, 0) * Float.BYTES).toArray(JAVA_FLOAT);
        }
    }

    /**
     * What the model returns for zeros shaped {@code inputShape} (batch first), run with gradients
     * as a training step runs it.
     */
    public Output probe(long... inputShape) {
        try (Arena arena = Arena.ofConfined()) {
            int capacity = 16;
            MemorySegment shape = arena.allocate(JAVA_LONG, capacity);
            MemorySegment dims = arena.allocate(JAVA_INT);
            MemorySegment scalarType = arena.allocate(JAVA_INT);
            MemorySegment requiresGrad = arena.allocate(JAVA_INT);
            shim.call(shim.modelProbe, handle(), arena.allocateFrom(JAVA_LONG, inputShape), inputShape.length,
                    shape, capacity, dims, scalarType, requiresGrad);
            return new Output(shape.asSlice(0, dims.get(JAVA_INT, 0) * (long) Long.BYTES).toArray(JAVA_LONG),
                    scalarType.get(JAVA_INT, 0), requiresGrad.get(JAVA_INT, 0) != 0);
        }
    }

    /**
     * A probe's output.
     *
     * @param shape its shape
     * @param scalarType its {@code c10::ScalarType} code
     * @param requiresGrad whether a loss of it reaches the parameters
     */
    public record Output(long[] shape, int scalarType, boolean requiresGrad) {
        /** c10::ScalarType's codes in order, in torch's Python names. */
        private static final String[] DTYPES = {"uint8", "int8", "int16", "int32", "int64", "float16", "float32",
            "float64", "complex32", "complex64", "complex128", "bool", "qint8", "quint8", "qint32", "bfloat16"};

        /** {@code float32}, {@code int64}: the dtype as torch names it. */
        public String dtype() {
            return scalarType >= 0 && scalarType < DTYPES.length ? DTYPES[scalarType] : "scalar type " + scalarType;
        }

        /** Half, float, double, bfloat16: what a loss takes a gradient through. */
        public boolean floatingPoint() {
            return scalarType == 5 || scalarType == 6 || scalarType == 7 || scalarType == 15;
        }
    }

    /**
     * Trainable parameter values: their bytes over a float32's. A model that trains here is float32
     * throughout, as the data handed to it are.
     */
    public long trainableParameters() {
        return parameterBytes() / Float.BYTES;
    }

    private long[] parameterInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tensors = arena.allocate(JAVA_LONG);
            MemorySegment bytes = arena.allocate(JAVA_LONG);
            MemorySegment stateBytes = arena.allocate(JAVA_LONG);
            shim.call(shim.modelParameterInfo, handle(), tensors, bytes, stateBytes);
            return new long[] {tensors.get(JAVA_LONG, 0), bytes.get(JAVA_LONG, 0), stateBytes.get(JAVA_LONG, 0)};
        }
    }

    NativeShim shim() {
        return shim;
    }

    @Override
    void free(MemorySegment handle) {
        shim.call(shim.modelFree, handle);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "NativeModel[%s on %s%s]", description, device, isClosed() ? ", closed" : "");
    }
}
