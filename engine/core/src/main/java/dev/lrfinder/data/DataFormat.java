package dev.lrfinder.data;

import dev.lrfinder.base.Checks;
import dev.lrfinder.base.Named;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats a data set is read from, told apart by the file's name or forced by id. */
public enum DataFormat implements Named {
    /** Comma-separated values with a header row, optionally gzipped. */
    CSV("csv", ".csv, .csv.gz"),
    /** Tab-separated values with a header row, optionally gzipped. */
    TSV("tsv", ".tsv, .tab, .tsv.gz"),
    /** A NumPy {@code .npz} holding arrays {@code x} (or {@code X}) and {@code y}. */
    NPZ("npz", ".npz"),
    /** A NumPy {@code .npy} of features, with the labels in a second {@code .npy}. */
    NPY("npy", ".npy (with a labels .npy)"),
    /** IDX files as MNIST ships them: images idx3-ubyte, labels idx1-ubyte, optionally gzipped. */
    IDX("idx", "-idx3-ubyte, .idx (with a labels idx1-ubyte), optionally .gz"),
    /** A folder with one subfolder of PNG, JPEG or BMP images per class (torchvision's ImageFolder). */
    IMAGE_FOLDER("images", "a folder of class folders");

    private final String id;
    private final String names;

    DataFormat(String id, String names) {
        this.id = id;
        this.names = names;
    }

    public String id() {
        return id;
    }

    /** Whether the labels come in a second file (npy, IDX) rather than with the features. */
    public boolean needsLabels() {
        return this == NPY || this == IDX;
    }

    /** The format {@code path}'s name (or being a folder) says; throws listing the formats when none fits. */
    public static DataFormat of(Path path) {
        if (Files.isDirectory(path)) {
            return IMAGE_FOLDER;
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            return TSV;
        }
        if (name.endsWith(".npz")) {
            return NPZ;
        }
        if (name.endsWith(".npy")) {
            return NPY;
        }
        if (name.matches(".*idx\\d-u?byte") || name.endsWith(".idx")) {
            return IDX;
        }
        throw Checks.invalid("data", path, "a file of a known format (" + formats()
                + "); name the format with data-format when the extension does not say it");
    }

    /** The format named {@code id} ({@code csv, tsv, npz, npy, idx, images}), in any case. */
    public static DataFormat byId(String id) {
        return Named.byId(DataFormat.class, "data-format", id);
    }

    public static String ids() {
        return Named.ids(DataFormat.class);
    }

    private static String formats() {
        return Arrays.stream(values()).map(f -> f.id + ": " + f.names).collect(Collectors.joining("; "));
    }
}
