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

    /**
     * Held while libtorch's one process-wide random generator is seeded and drawn from (a model's
     * initial weights), so that runs opened on several threads at once draw each their own numbers.
     */
    static final Object RANDOM_SEED = new Object();

    private DjlRuntime() {}

    /**
     * The engine, started with the given intra-op thread count if it was not running yet; the
     * calling thread gets that thread count and grad mode off, as DJL's own first thread has.
     */
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
        // libtorch's grad mode is per thread and on in a new one; DJL turns it off on the thread that
        // starts the engine and expects it off outside a gradient collector (in-place updates and
        // restores of parameters fail with it on). A run on a thread of its own turns it off here.
        JniUtils.setGradMode(false);
        return engine;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
