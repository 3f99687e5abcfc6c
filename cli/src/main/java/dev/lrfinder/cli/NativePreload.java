package dev.lrfinder.cli;

import dev.lrfinder.Backends;
import java.lang.reflect.Array;

/**
 * Loading the native backend's libtorch takes about 0.26 s (its 287 libraries' relocations and
 * libtorch's operator registration, measured with perf), so for a {@code find} whose command line
 * alone says the backend is {@code auto} or {@code native} it starts first thing in {@link Main},
 * on a thread of its own, while picocli reads the options. Nothing is loaded when the backend is
 * {@code djl} or may come from a profile ({@code --config}): only one libtorch can live in a JVM.
 *
 * <p>While the dynamic loader maps libtorch it holds its lock, and a thread that loads a library or
 * links a JNI method (the JVM looks it up with dlsym, which takes the same lock) waits until it is
 * done: the option parsing stalled behind it (thread dumps). So what picocli needs from the loader
 * is taken first: libverify (picocli's classes are Java 5 class files, which the JVM checks with
 * its old verifier in that library, and which the ahead-of-time cache cannot hold) and {@link
 * Array}'s natives (picocli reads annotations with them).
 *
 * <p>Drawing a throw-away plot at the same time, to have AWT and XChart warm for the real one, was
 * measured too and dropped: on 2 cores it took the time from the sweeps and the real plots it was
 * to spare (analyze 0.88 -> 1.14 s, find 1.25 -> 1.76 s, medians of 6 on a busy machine).
 */
final class NativePreload {
    private NativePreload() {}

    /** Starts loading the native backend when {@code args} is a {@code find} that will run it; returns at once. */
    static void start(String[] args) {
        if (System.getProperty("lrf.nopreload") != null || args.length == 0 || !args[0].equals("find") || !nativeMayRun(args)) {
            return;
        }
        try {
            Class.forName("picocli.CommandLine$Range", true, NativePreload.class.getClassLoader());
            Array.getLength(Array.newInstance(String.class, 1));
        } catch (ClassNotFoundException | RuntimeException | Error e) {
            // Only a head start: whatever fails here fails again where it is needed, and is reported there.
        }
        Thread.ofPlatform().daemon().name("lrfinder-load-native").start(Backends::preloadNative);
    }

    /** Whether the command line alone leaves the backend to auto or names native, with no profile to say otherwise. */
    static boolean nativeMayRun(String[] args) {
        String backend = Backends.DEFAULT;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") || args[i].startsWith("--config=")) {
                return false;
            }
            if (args[i].equals("--backend") && i + 1 < args.length) {
                backend = args[i + 1];
            } else if (args[i].startsWith("--backend=")) {
                backend = args[i].substring("--backend=".length());
            }
        }
        return backend.equals(Backends.AUTO) || backend.equals("native");
    }
}
