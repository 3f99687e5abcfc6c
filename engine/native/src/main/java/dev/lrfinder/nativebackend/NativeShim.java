package dev.lrfinder.nativebackend;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.lrfinder.base.ProcessLibraries;
import dev.lrfinder.base.Timeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shim library ({@code liblrfinder_shim.so}) and a downcall handle per entry point of {@code
 * lrfinder_shim.h}. Loaded on first use, never by merely naming the native backend.
 *
 * <p>Where it is looked for, first hit wins: the system property {@code lrfinder.shim}, the
 * environment variable {@code LRFINDER_SHIM}, then next to the engine's classes or jar ({@code
 * liblrfinder_shim.so} beside it, as in an installed CLI's {@code lib/}, where the CLI's package
 * copies it; or in the {@code native/} folder of the engine's {@code target/}, where {@code
 * native-scripts/build-shim} puts it), then in a native artifact on the class path ({@link
 * ShimArtifact}, extracted to a cache on first use).
 *
 * <p>A failure to load is remembered and every later use fails with the same one-line message,
 * without a cause: parallel runs would otherwise print it once per run.
 */
final class NativeShim {
    static final String LIBRARY = ProcessLibraries.NATIVE_SHIM;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Object LOCK = new Object();
    private static NativeShim instance;
    private static String loadFailure;

    final MethodHandle lastError;
    final MethodHandle version;
    final MethodHandle torchVersion;
    final MethodHandle setThreads;
    final MethodHandle cudaDeviceCount;
    final MethodHandle modelBuiltin;
    final MethodHandle modelLayers;
    final MethodHandle modelLoad;
    final MethodHandle modelFree;
    final MethodHandle modelParameterInfo;
    final MethodHandle modelStateBytes;
    final MethodHandle modelForward;
    final MethodHandle modelProbe;
    final MethodHandle dataNew;
    final MethodHandle dataFree;
    final MethodHandle dataBatch;
    final MethodHandle trainerNew;
    final MethodHandle trainerFree;
    final MethodHandle trainerStep;
    final MethodHandle trainerReadLosses;
    final MethodHandle trainerStepHost;
    final MethodHandle trainerEvaluate;
    final MethodHandle trainerSetMomentum;
    final MethodHandle snapshotTake;
    final MethodHandle snapshotRestore;
    final MethodHandle snapshotFree;

    private final SymbolLookup lib;

    private NativeShim(SymbolLookup lib) {
        this.lib = lib;
        lastError = LINKER.downcallHandle(lib.findOrThrow("lrf_last_error"), FunctionDescriptor.of(ADDRESS));
        version = LINKER.downcallHandle(lib.findOrThrow("lrf_version"), FunctionDescriptor.of(ADDRESS));
        torchVersion = LINKER.downcallHandle(lib.findOrThrow("lrf_torch_version"), FunctionDescriptor.of(ADDRESS));
        setThreads = fn(lib, "lrf_set_threads", JAVA_INT);
        cudaDeviceCount = fn(lib, "lrf_cuda_device_count", ADDRESS);
        modelBuiltin = fn(lib, "lrf_model_builtin",
                ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS);
        modelLayers = fn(lib, "lrf_model_layers", ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);
        modelLoad = fn(lib, "lrf_model_load", ADDRESS, ADDRESS, ADDRESS);
        modelFree = fn(lib, "lrf_model_free", ADDRESS);
        modelParameterInfo = fn(lib, "lrf_model_parameter_info", ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        modelStateBytes = fn(lib, "lrf_model_state_bytes", ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        modelForward = fn(lib, "lrf_model_forward", ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS);
        modelProbe = fn(lib, "lrf_model_probe", ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        dataNew = fn(lib, "lrf_data_new",
                ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_FLOAT, ADDRESS, ADDRESS);
        dataFree = fn(lib, "lrf_data_free", ADDRESS);
        dataBatch = fn(lib, "lrf_data_batch", ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        trainerNew = fn(lib, "lrf_trainer_new", ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS);
        trainerFree = fn(lib, "lrf_trainer_free", ADDRESS);
        trainerStep = fn(lib, "lrf_trainer_step", ADDRESS, ADDRESS, JAVA_LONG, JAVA_DOUBLE, ADDRESS, ADDRESS, ADDRESS);
        trainerReadLosses = fn(lib, "lrf_trainer_read_losses", ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        trainerStepHost = fn(lib, "lrf_trainer_step_host", ADDRESS, ADDRESS, JAVA_LONG, JAVA_DOUBLE, ADDRESS, ADDRESS);
        trainerEvaluate = fn(lib, "lrf_trainer_evaluate", ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS);
        trainerSetMomentum = fn(lib, "lrf_trainer_set_momentum", ADDRESS, JAVA_DOUBLE);
        snapshotTake = fn(lib, "lrf_snapshot_take", ADDRESS, ADDRESS);
        snapshotRestore = fn(lib, "lrf_snapshot_restore", ADDRESS);
        snapshotFree = fn(lib, "lrf_snapshot_free", ADDRESS);
    }

    private static MethodHandle fn(SymbolLookup lib, String name, MemoryLayout... args) {
        return LINKER.downcallHandle(lib.findOrThrow(name), FunctionDescriptor.of(JAVA_INT, args));
    }

    /** A downcall to the shim's entry point {@code name} returning an error code (lrfinder_replicas.h's, {@link ReplicaShim}). */
    MethodHandle function(String name, MemoryLayout... args) {
        return fn(lib, name, args);
    }

    /** The loaded shim; the first call loads it, a failure is remembered and thrown again. */
    static NativeShim get() {
        synchronized (LOCK) {
            if (instance == null && loadFailure == null) {
                try {
                    instance = load();
                } catch (RuntimeException e) {
                    loadFailure = e.getMessage();
                }
            }
            if (loadFailure != null) {
                throw new IllegalStateException(loadFailure);
            }
            return instance;
        }
    }

    /** What api.cpp puts before the libtorch version in the shim file ({@code lrf_torch_version_tag}). */
    static final String TORCH_VERSION_TAG = "lrfinder-shim-libtorch=";

    /**
     * The libtorch version the shim that {@link #get()} would load was built against, read from
     * the file (api.cpp's tagged string), not by loading it; empty when there is no shim or no tag.
     */
    static Optional<String> builtTorchVersion() {
        for (Path path : candidates()) {
            if (Files.isRegularFile(path)) {
                try {
                    // Latin-1 maps each byte to one char: String.indexOf (an intrinsic) finds the tag in ~0.4 MB at once.
                    String file = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
                    int at = file.indexOf(TORCH_VERSION_TAG);
                    if (at < 0) {
                        return Optional.empty();
                    }
                    int from = at + TORCH_VERSION_TAG.length();
                    int end = file.indexOf('\0', from);
                    return Optional.of(file.substring(from, end < 0 ? file.length() : end));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Null when the shim can be loaded here, else why not (for tests that need it). */
    static String absentReason() {
        try {
            get();
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    private static NativeShim load() {
        ProcessLibraries.requireNoDjlTorch();
        List<Path> candidates = candidates();
        Path found = candidates.stream().filter(Files::isRegularFile).findFirst()
                .or(() -> ShimArtifact.extract(NativeShim.class.getClassLoader(), ShimArtifact.cacheDir()))
                .orElseThrow(() -> new IllegalStateException("the native shim " + LIBRARY + " is missing: add "
                        + ShimArtifact.coordinates() + " (the native artifact for this platform) to the class path,"
                        + " or set -Dlrfinder.shim=PATH or LRFINDER_SHIM (looked at " + candidates + " and for "
                        + ShimArtifact.resource(ShimArtifact.platform(), "cpu") + " on the class path)"));
        Timeline.mark("shim load starts");
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(found, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the native shim " + found + " cannot be loaded: " + linkError(found)
                    + "; it needs libtorch " + NATIVE_TORCH + " (Debian 12: apt-get install --no-install-recommends"
                    + " libtorch1.13 libopenblas0-pthread; see docs/native-libraries.md)");
        }
        NativeShim shim = new NativeShim(lookup);
        Timeline.mark("shim loaded");
        return shim;
    }

    /** The libtorch the shim is built against and links at run time (Debian's libtorch1.13). */
    static final String NATIVE_TORCH = "1.13.1";

    /**
     * The dynamic loader's own words for why {@code library} cannot be loaded ("libtorch_cpu.so.1.13:
     * cannot open shared object file"), which the foreign linker's exception leaves out: asked of
     * System.load, which fails the same way and loads nothing.
     */
    private static String linkError(Path library) {
        try {
            System.load(library.toAbsolutePath().toString());
            return "the dynamic loader refused it";
        } catch (UnsatisfiedLinkError e) {
            return e.getMessage();
        }
    }

    private static List<Path> candidates() {
        List<Path> paths = new ArrayList<>();
        String property = System.getProperty("lrfinder.shim");
        if (property != null && !property.isBlank()) {
            paths.add(Path.of(property));
        }
        String env = System.getenv("LRFINDER_SHIM");
        if (env != null && !env.isBlank()) {
            paths.add(Path.of(env));
        }
        try {
            Path code = Path.of(NativeShim.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(code) ? code : code.getParent();
            paths.add(dir.resolve(LIBRARY));
            paths.add(dir.resolve("native").resolve(LIBRARY)); // the engine jar in target/
            paths.add(dir.resolveSibling("native").resolve(LIBRARY)); // target/classes
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source to look next to: the explicit settings above are all there is
        }
        return paths;
    }

    /** Turns a non-zero return code into the exception its kind calls for, with the shim's message. */
    void check(int code) {
        if (code == 0) {
            return;
        }
        String message = lastErrorMessage();
        throw switch (code) {
            case NativeException.ARGUMENT -> new IllegalArgumentException(message);
            case NativeException.HANDLE -> new IllegalStateException(message);
            case NativeException.IO -> new UncheckedIOException(new IOException(message));
            default -> new NativeException(code, message);
        };
    }

    /** Calls an entry point and checks its return code. */
    void call(MethodHandle function, Object... args) {
        int code;
        try {
            code = (int) function.invokeWithArguments(args);
        } catch (Throwable e) {
            throw failed(e);
        }
        check(code);
    }

    /**
     * lrf_trainer_step, called with {@code invokeExact}: it runs once per sweep step, and {@link
     * #call}'s boxing and argument spreading would add to every one.
     */
    void trainerStep(MemorySegment trainer, MemorySegment data, long batch, double lr, MemorySegment indices,
            MemorySegment flips, MemorySegment noiseOffsets) {
        int code;
        try {
            code = (int) trainerStep.invokeExact(trainer, data, batch, lr, indices, flips, noiseOffsets);
        } catch (Throwable e) {
            throw failed(e);
        }
        check(code);
    }

    /** lrf_trainer_step_host, with {@code invokeExact} (once per step with Java-side augmentation). */
    void trainerStepHost(MemorySegment trainer, MemorySegment data, long batch, double lr, MemorySegment features,
            MemorySegment targets) {
        int code;
        try {
            code = (int) trainerStepHost.invokeExact(trainer, data, batch, lr, features, targets);
        } catch (Throwable e) {
            throw failed(e);
        }
        check(code);
    }

    /** lrf_trainer_read_losses, with {@code invokeExact} (once per block of steps). */
    void trainerReadLosses(MemorySegment trainer, MemorySegment losses, long capacity, MemorySegment count) {
        int code;
        try {
            code = (int) trainerReadLosses.invokeExact(trainer, losses, capacity, count);
        } catch (Throwable e) {
            throw failed(e);
        }
        check(code);
    }

    private static RuntimeException failed(Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("calling the native shim failed", e);
    }

    String lastErrorMessage() {
        return string(lastError);
    }

    static String string(MethodHandle function) {
        try {
            MemorySegment text = (MemorySegment) function.invokeExact();
            return text.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable e) {
            throw new IllegalStateException("calling the native shim failed", e);
        }
    }
}
