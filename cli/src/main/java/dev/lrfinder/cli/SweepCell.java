package dev.lrfinder.cli;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One cell of a sweep's grid: {@code lrfinder find} with these arguments. Serializable: a Spark
 * task carries it to an executor.
 *
 * @param folder the cell's folder name under the sweep's {@code cells/}, made of its axis values
 * @param axes each axis's value in this cell, in the grid's order (option name without dashes)
 * @param args find's arguments: the options every cell shares, then this cell's axis values
 */
public record SweepCell(String folder, Map<String, String> axes, List<String> args) implements Serializable {
    private static final long serialVersionUID = 1L;

    public SweepCell {
        Objects.requireNonNull(folder, "folder must not be null");
        axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes)); // ordered, and serializable
        args = List.copyOf(args);
    }
}
