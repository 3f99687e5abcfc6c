package dev.lrfinder.data;

import dev.lrfinder.base.Checks;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The user's own data, by format. Each source reads into one off-heap float32 block and has the
 * same options after reading (kind, validation split or data, standardisation):
 *
 * <pre>{@code
 * DataSplit data = Datasets.csv(Path.of("train.csv")).optLabel("species").optValidationSplit(0.2).load();
 * DataSplit mnist = Datasets.idx(images, labels).optValidationData(Datasets.idx(testImages, testLabels)).load();
 * DataSplit photos = Datasets.imageFolder(dir).setImageSize(32).optValidationSplit(0.1).load();
 * }</pre>
 */
public final class Datasets {
    private Datasets() {}

    /** A CSV file, or TSV when its name ends in .tsv or .tab (before any .gz). */
    public static CsvSource csv(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        return new CsvSource(file, name.endsWith(".tsv") || name.endsWith(".tab") ? '\t' : ',');
    }

    /** A TSV file, whatever its name. */
    public static CsvSource tsv(Path file) {
        return new CsvSource(file, '\t');
    }

    /** A {@code .npz} holding arrays {@code x} (or {@code X}) and {@code y} (or {@code Y}). */
    public static NumpySource numpy(Path npz) {
        return new NumpySource(npz, null, null);
    }

    /** Features and labels in two {@code .npy} files. */
    public static NumpySource numpy(Path features, Path labels) {
        return new NumpySource(null, features, labels);
    }

    /** IDX images (idx3-ubyte) and labels (idx1-ubyte), optionally gzipped. */
    public static IdxSource idx(Path images, Path labels) {
        return new IdxSource(images, labels);
    }

    /** A folder of class folders of images; set the image size on the source. */
    public static ImageFolderSource imageFolder(Path folder) {
        return new ImageFolderSource(folder);
    }

    /**
     * The source for a command line's {@code --data PATH [--labels PATH] [--data-format F]}: the
     * format from {@code format} when given, else from the path ({@link DataFormat#of}).
     *
     * @param labels the labels file, required for npy and idx data and refused for the others; may be null
     * @param format the forced format, or null
     */
    public static DataSource<?> open(Path data, Path labels, DataFormat format) {
        DataFormat f = format != null ? format : DataFormat.of(data);
        boolean needsLabels = f.needsLabels();
        if (needsLabels && labels == null) {
            throw Checks.invalid("labels", null, "the labels file for " + f.id() + " data (" + data + ")");
        }
        if (!needsLabels && labels != null) {
            throw Checks.invalid("labels", labels, "absent for " + f.id() + " data, which holds its labels itself");
        }
        return switch (f) {
            case CSV -> new CsvSource(data, ',');
            case TSV -> tsv(data);
            case NPZ -> numpy(data);
            case NPY -> numpy(data, labels);
            case IDX -> idx(data, labels);
            case IMAGE_FOLDER -> imageFolder(data);
        };
    }
}
