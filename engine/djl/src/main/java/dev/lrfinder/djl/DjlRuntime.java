package dev.lrfinder.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.lrfinder.base.ProcessLibraries;

/**
 * Process-wide DJL set-up: offline, one inter-op thread, and the intra-op thread count a sweep
 * asks for. libtorch's thread pools are global to the process, so this is the one place that
 * touches them.
 */
final class DjlRuntime {
    private static final String OFFLINE = "ai.djl.offline";
    private static final String THREADS = "ai.djl.pytorch.num_threads";
    private static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";
    private static final String NO_TRACKING = "OPT_OUT_TRACKING";

    private DjlRuntime() {}

    /** The engine, started with the given intra-op thread count if it was not running yet. */
    static synchronized Engine engine(int threads) {
        // Read when DJL first loads libtorch; later calls change threads through JniUtils.
        setIfAbsent(OFFLINE, "true");
        setIfAbsent(THREADS, Integer.toString(threads));
        setIfAbsent(INTEROP_THREADS, "1");
        setIfAbsent(NO_TRACKING, "true"); // offline mode already stops DJL's usage tracking; say it twice

        // One libtorch per process: the native backend's would clash with DJL's.
        ProcessLibraries.requireNoNativeShim();
        Engine engine = Engine.getEngine("PyTorch");
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
        return engine;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
