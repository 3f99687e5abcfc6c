package dev.lrfinder.cli;

import dev.lrfinder.data.Augmentation;
import dev.lrfinder.data.CsvSource;
import dev.lrfinder.data.DataFormat;
import dev.lrfinder.data.DataKind;
import dev.lrfinder.data.DataSource;
import dev.lrfinder.data.DataSplit;
import dev.lrfinder.data.Datasets;
import dev.lrfinder.data.ImageFolderSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The user's own data instead of a built-in task: what to read, how to split it, how to augment it. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "PATH",
            description = "Your data instead of a built-in task: CSV or TSV (also .gz), .npz, .npy (with --labels),"
                    + " IDX (with --labels, also .gz) or a folder of class folders of images (with --image-size).")
    Path data;

    @Option(names = "--labels", paramLabel = "PATH",
            description = "The labels file of --data X.npy (a y.npy) or of IDX images (a -labels-idx1-ubyte).")
    Path labels;

    @Option(names = "--data-format", paramLabel = "FORMAT",
            description = "csv, tsv, npz, npy, idx or images, when the name of --data does not say it.")
    String format;

    @Option(names = "--label", paramLabel = "NAME",
            description = "CSV/TSV: the label column (default: label, target or y, else the last column).")
    String label;

    @Option(names = "--features", paramLabel = "NAME", split = ",",
            description = "CSV/TSV: the feature columns, in order (default: every column but the label).")
    List<String> features;

    @Option(names = "--kind", paramLabel = "classification|regression",
            description = "What the labels are (default: classes for integer or text labels, else regression).")
    String kind;

    @Option(names = "--image-size", paramLabel = "N",
            description = "Image folders: resize (shorter side) and centre-crop every image to N x N pixels.")
    Integer imageSize;

    @Option(names = "--mean", paramLabel = "M", split = ",",
            description = "Image folders: each channel's mean on the [0, 1] scale, with --std (default: the training"
                    + " split's own, reported).")
    List<Double> mean;

    @Option(names = "--std", paramLabel = "S", split = ",",
            description = "Image folders: each channel's standard deviation on the [0, 1] scale, with --mean.")
    List<Double> std;

    @Option(names = "--standardize",
            description = "Z-score every feature with the training split's mean and standard deviation.")
    boolean standardize;

    @Option(names = "--val-split", paramLabel = "F",
            description = "Hold out this fraction of --data as validation data (seeded; stratified for classes).")
    Double valSplit;

    @Option(names = "--val-data", paramLabel = "PATH",
            description = "Validation data in a file (or folder) of its own, read with the training data's columns,"
                    + " classes and shape.")
    Path valData;

    @Option(names = "--val-labels", paramLabel = "PATH", description = "The labels file of --val-data (npy, IDX).")
    Path valLabels;

    @Option(names = "--crop-padding", paramLabel = "PX",
            description = "Images: pad each side by PX pixels and crop back at a random place, per sample"
                    + " (torchvision's RandomCrop(size, padding=PX)); default 0, off.")
    int cropPadding;

    @Option(names = "--color-jitter", paramLabel = "X", split = ",",
            description = "Images: random brightness, contrast and saturation factors in [1-x, 1+x] per sample"
                    + " (torchvision's ColorJitter): X for all three (saturation for colour images only), or B,C,S.")
    List<Double> colorJitter;

    boolean given() {
        return data != null;
    }

    /** Throws naming the first of these options given without {@code --data}. */
    void checkNoneWithoutData() {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("--labels", labels);
        set.put("--data-format", format);
        set.put("--label", label);
        set.put("--features", features);
        set.put("--kind", kind);
        set.put("--image-size", imageSize);
        set.put("--mean", mean);
        set.put("--std", std);
        set.put("--standardize", standardize ? true : null);
        set.put("--val-split", valSplit);
        set.put("--val-data", valData);
        set.put("--val-labels", valLabels);
        set.put("--crop-padding", cropPadding != 0 ? cropPadding : null);
        set.put("--color-jitter", colorJitter);
        for (Map.Entry<String, Object> e : set.entrySet()) {
            if (e.getValue() != null) {
                throw new BadInputException(e.getKey() + " = " + text(e.getValue())
                        + ": must be given with --data (it is about the user's data; built-in tasks take --task)");
            }
        }
    }

    /**
     * The source of one data/labels option pair, the pairing checked here so that the line names the
     * options of this pair (the engine's own check knows its parameters only, not which pair they came from).
     */
    private static DataSource<?> open(String dataOption, Path file, String labelsOption, Path labelsFile,
            DataFormat forced) {
        DataFormat format = forced != null ? forced : DataFormat.of(file);
        if (format.needsLabels() && labelsFile == null) {
            throw new BadInputException(labelsOption + ": must be given: " + dataOption + " " + file + " is "
                    + format.id() + " data, whose labels are in a file of their own");
        }
        if (!format.needsLabels() && labelsFile != null) {
            throw new BadInputException(labelsOption + " = " + labelsFile + ": must be absent for " + format.id()
                    + " data (" + dataOption + " " + file + "), which holds its labels itself");
        }
        return Datasets.open(file, labelsFile, format);
    }

    /** Reads, splits and normalises the data as the options say; a bad file or value is one line naming it. */
    DataSplit load() {
        DataFormat forced = format != null ? DataFormat.byId(format) : null;
        DataSource<?> source = open("--data", data, "--labels", labels, forced);
        configure(source, "--data");
        if (kind != null) {
            source.optKind(DataKind.byId(kind));
        }
        if (valSplit != null) {
            source.optValidationSplit(valSplit);
        }
        if (valData != null) {
            if (valSplit != null) {
                throw new BadInputException("--val-data = " + valData + ": must be absent with --val-split (one or the other)");
            }
            // The training data's format when it was forced, else the validation file's own name says it.
            DataSource<?> validation = open("--val-data", valData, "--val-labels", valLabels, forced);
            if (validation instanceof CsvSource csv && label != null) {
                csv.optLabel(label);
            }
            source.optValidationData(validation);
        } else if (valLabels != null) {
            throw new BadInputException("--val-labels = " + valLabels + ": must be given with --val-data");
        }
        source.optStandardize(standardize);
        return source.load();
    }

    /**
     * The image augmentation the options ask for ({@code flips}: {@code --flips}), checked against
     * the data: every part of it needs images, saturation needs colour.
     */
    Augmentation augmentation(DataSplit split, boolean flips) {
        long[] shape = split.train().schema().sampleShape();
        String samples = split.train().schema().shapeText();
        boolean image = shape.length == 3;
        if (!image) {
            String option = cropPadding != 0 ? "--crop-padding = " + cropPadding
                    : colorJitter != null ? "--color-jitter = " + text(colorJitter) : flips ? "--flips = true" : null;
            if (option != null) {
                throw new BadInputException(option + ": must be off for samples of " + samples
                        + " (image augmentation needs images, channels x height x width)");
            }
            return Augmentation.NONE;
        }
        if (cropPadding < 0 || cropPadding > shape[1] || cropPadding > shape[2]) {
            throw new BadInputException("--crop-padding = " + cropPadding + ": must be in [0, "
                    + Math.min(shape[1], shape[2]) + "] for images of " + samples);
        }
        Augmentation plan = new Augmentation(cropPadding, flips, 0, 0, 0);
        if (colorJitter == null) {
            return plan;
        }
        boolean colour = shape[0] == 3;
        if (colorJitter.size() == 1) {
            double x = colorJitter.getFirst();
            return plan.withColourJitter(x, x, colour ? x : 0);
        }
        if (colorJitter.size() != 3) {
            throw new BadInputException("--color-jitter = " + text(colorJitter)
                    + ": must be one value (all three) or three: brightness,contrast,saturation");
        }
        if (!colour && colorJitter.get(2) != 0) {
            throw new BadInputException("--color-jitter = " + text(colorJitter) + ": must have saturation 0 for images of "
                    + samples + " (saturation needs colour, 3 channels)");
        }
        return plan.withColourJitter(colorJitter.get(0), colorJitter.get(1), colorJitter.get(2));
    }

    private void configure(DataSource<?> source, String what) {
        if (source instanceof CsvSource csv) {
            if (label != null) {
                csv.optLabel(label);
            }
            if (features != null) {
                csv.optFeatures(features);
            }
        } else {
            refuse("--label", label, "CSV or TSV data, which has columns");
            refuse("--features", features, "CSV or TSV data, which has columns");
        }
        if (source instanceof ImageFolderSource images) {
            if (imageSize == null) {
                throw new BadInputException(what + " = " + data + ": a folder of images needs --image-size N (the side"
                        + " the images are resized and centre-cropped to)");
            }
            images.setImageSize(imageSize);
            if (mean != null) {
                images.optMean(mean.stream().mapToDouble(Double::doubleValue).toArray());
            }
            if (std != null) {
                images.optStd(std.stream().mapToDouble(Double::doubleValue).toArray());
            }
        } else {
            refuse("--image-size", imageSize, "a folder of images");
            refuse("--mean", mean, "a folder of images (other data are normalised with --standardize)");
            refuse("--std", std, "a folder of images (other data are normalised with --standardize)");
        }
    }

    private static void refuse(String option, Object value, String onlyFor) {
        if (value != null) {
            throw new BadInputException(option + " = " + text(value) + ": must be absent: it is only for " + onlyFor);
        }
    }

    private static String text(Object value) {
        return value instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
    }
}
