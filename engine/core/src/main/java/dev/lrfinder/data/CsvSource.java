package dev.lrfinder.data;

import dev.lrfinder.base.Checks;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A CSV or TSV file (optionally gzipped): one sample per row, a header row naming the columns
 * (found missing when every field of the first row is a number; the columns are then named 1, 2,
 * ...). The label column is {@link #optLabel}'s, else one named {@code label}, {@code target} or
 * {@code y} (in any case), else the last; the features are {@link #optFeatures}'s columns, else all
 * others. Labels that are all integers, or not all numbers, are classes; otherwise the targets are
 * regression values.
 */
public final class CsvSource extends DataSource<CsvSource> {
    private final Path file;
    private char separator;
    private String label;
    private List<String> features;
    private Boolean header;

    CsvSource(Path file, char separator) {
        this.file = Objects.requireNonNull(file, "file");
        this.separator = separator;
    }

    /** The label column's name. */
    public CsvSource optLabel(String column) {
        if (column == null || column.isBlank()) {
            throw Checks.invalid("label", column, "a column name");
        }
        this.label = column;
        return this;
    }

    /** The feature columns, in the order the features are to have. */
    public CsvSource optFeatures(List<String> columns) {
        if (columns.isEmpty()) {
            throw Checks.invalid("features", columns, "one or more column names");
        }
        this.features = List.copyOf(columns);
        return this;
    }

    public CsvSource optFeatures(String... columns) {
        return optFeatures(List.of(columns));
    }

    /** The field separator ({@code ','} for .csv, tab for .tsv and .tab by default). */
    public CsvSource optSeparator(char separator) {
        this.separator = separator;
        return this;
    }

    /** Whether the first row names the columns (found from the first row by default). */
    public CsvSource optHeader(boolean present) {
        this.header = present;
        return this;
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    LoadedData read(DataSchema reference) {
        return new CsvReader(file, separator, label, features, header, kind(), reference).read();
    }
}
