package dev.lrfinder.cli;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Set;

/**
 * How the process ends once a command has printed and written everything: {@code _exit}, not
 * {@code System.exit}, after {@code find} and {@code analyze}.
 *
 * <p>Why: a normal exit runs the C++ destructors of every library the process loaded, and the
 * machine's libtorch with its 286 libraries deregisters each of its operators one by one: 80-115 ms
 * from the last file written to the process gone, against 35-40 ms with {@code _exit} (measured
 * on this 2-core machine, alternating). Nothing is lost: both commands' files are written, renamed
 * into place and closed before this, and their output streams are flushed here. Other commands
 * ({@code sweep} on Spark has shutdown hooks that remove its temporary folders), a JVM recording a
 * flight recording (written at shutdown) and a JVM without native access for this jar (which would
 * warn) exit as usual.
 */
final class ProcessExit {
    /** The commands whose work is done when they return: nothing of theirs waits for a shutdown hook. */
    private static final Set<String> FAST = Set.of("find", "analyze");

    private ProcessExit() {}

    /** Ends the process with {@code code} after command {@code command} (its first argument, or null). */
    @SuppressWarnings("restricted") // only called once native access is known to be enabled (below)
    static void now(String command, int code) {
        System.out.flush();
        System.err.flush();
        if (command != null && FAST.contains(command) && ProcessExit.class.getModule().isNativeAccessEnabled()
                && !flightRecording()) {
            try {
                Linker linker = Linker.nativeLinker();
                MethodHandle exit = linker.downcallHandle(linker.defaultLookup().find("_exit").orElseThrow(),
                        FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
                exit.invokeExact(code);
            } catch (Throwable e) {
                // no _exit to call: the usual way below
            }
        }
        System.exit(code);
    }

    private static boolean flightRecording() {
        try {
            return jdk.jfr.FlightRecorder.isInitialized();
        } catch (LinkageError e) {
            return false; // a runtime without jdk.jfr records nothing
        }
    }
}
