package dev.lrfinder.cli;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where a sweep's cells run: in this JVM ({@link LocalCells}) or elsewhere (lrfinder-spark's
 * {@code SparkCells}, found through {@link Factory} when its jars are on the class path).
 */
public interface CellEngine extends AutoCloseable {
    /**
     * Runs every cell and tells {@code sink} each outcome as it arrives, one at a time (from any
     * thread); every cell gets exactly one outcome, failed ones included.
     */
    void run(List<SweepCell> cells, Consumer<CellOutcome> sink);

    /** One line for the summary: the engine and where it runs, e.g. {@code spark local[2] (2 cores)}. */
    String describe();

    @Override
    void close();

    /** Makes an engine by its {@code --engine} id; registered as a {@code java.util.ServiceLoader} service. */
    interface Factory {
        /** The {@code --engine} id, e.g. {@code spark}. */
        String id();

        /**
         * Opens the engine.
         *
         * @param master where to run, as the engine reads it (Spark: {@code local[*]}, {@code spark://host:port})
         * @param conf the engine's own settings, {@code key=value}
         * @param verbose whether the engine's own log goes to stderr ({@code --verbose})
         * @throws IllegalArgumentException naming the master when the engine cannot start on it
         */
        CellEngine open(String master, List<String> conf, boolean verbose);
    }
}
