package dev.lrfinder.spark;

import dev.lrfinder.cli.CellEngine;
import java.util.List;

/** {@code --engine spark}, found by the sweep through {@code java.util.ServiceLoader}. */
public final class SparkEngineFactory implements CellEngine.Factory {
    @Override
    public String id() {
        return "spark";
    }

    @Override
    public CellEngine open(String master, List<String> settings, boolean verbose) {
        return new SparkCells(master, settings, verbose);
    }
}
