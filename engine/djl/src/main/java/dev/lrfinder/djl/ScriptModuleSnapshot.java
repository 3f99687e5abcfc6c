package dev.lrfinder.djl;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.NativeResource;
import ai.djl.util.Pair;
import dev.lrfinder.sweep.SweepSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TorchScript module's whole state, parameters and buffers (batch norm's running statistics),
 * as the module serialised in memory; restored bit for bit by loading it again.
 *
 * <p>Why a new module: DJL 0.35.1's JNI lists a module's parameters only, so its buffers cannot be
 * written in place. Loading the saved bytes gives a module whose buffers are right; what is left is
 * that everything holding the old parameter arrays (the block's Parameters, the trainer's parameter
 * store, {@link DirectUpdate}) must now train the new module's tensors. DJL has no public way to
 * rebind them, so each old array takes over its new tensor's native handle (and the new array the
 * old one's, to free it): every holder keeps its array object and finds the new tensor behind it.
 * The optimizer's state (momentum, Adam's moments) is keyed by parameter id and stays, as it does
 * for {@link ParameterSnapshot}. The cost is a serialisation when taken and a load when restored;
 * a step costs what it did.
 */
final class ScriptModuleSnapshot implements SweepSession.Snapshot {
    private static final Field ARRAY_HANDLE = accessible(NativeResource.class, "handle");
    private static final Field BLOCK_TRAINS = accessible(PtSymbolBlock.class, "isTrain");

    private final PtSymbolBlock block;
    private final PtNDManager manager;
    private final byte[] saved;

    private ScriptModuleSnapshot(PtSymbolBlock block, PtNDManager manager, byte[] saved) {
        this.block = block;
        this.manager = manager;
        this.saved = saved;
    }

    /** The module of {@code block} as it is now; {@code manager} owns the block (the model's). */
    static ScriptModuleSnapshot take(PtSymbolBlock block, PtNDManager manager) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ScriptModuleSnapshot(block, manager, bytes.toByteArray());
    }

    /** Loads the saved module into the block and moves every parameter array onto its tensors. */
    @Override
    public void restore() {
        long oldModule = block.getHandle();
        try {
            block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(saved)));
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("the module saved a moment ago does not load again", e);
        }
        // The load leaves the module in eval mode; the block switches modes only when it thinks
        // the mode changes, so the module must be in the one the block believes it is in.
        if (blockTrains()) {
            JniUtils.enableTrainingMode(block);
        } else {
            JniUtils.enableInferenceMode(block);
        }
        try (NDList loaded = JniUtils.moduleGetParams(block, manager)) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray live = p.getValue().getArray();
                NDArray fresh = loaded.get(p.getValue().getName());
                // the load made every parameter trainable; the file's flags (frozen ones) stay
                fresh.setRequiresGradient(live.hasGradient());
                swapHandles(live, fresh);
            }
        }
        JniUtils.deleteModule(oldModule);
        manager.detachInternal(String.valueOf(oldModule));
    }

    @Override
    public void close() {}

    private boolean blockTrains() {
        try {
            return BLOCK_TRAINS.getBoolean(block);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void swapHandles(NDArray a, NDArray b) {
        try {
            AtomicReference<Long> first = (AtomicReference<Long>) ARRAY_HANDLE.get(a);
            AtomicReference<Long> second = (AtomicReference<Long>) ARRAY_HANDLE.get(b);
            second.set(first.getAndSet(second.get()));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field accessible(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError("DJL changed: " + type.getName() + " has no field " + name);
        }
    }
}
