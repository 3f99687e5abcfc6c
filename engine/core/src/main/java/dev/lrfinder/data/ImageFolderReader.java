package dev.lrfinder.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Lists an image folder's classes and images, then decodes the images on {@code threads}
 * threads, each writing its own rows of the one block. When images fail, the first in file
 * order is reported, so the message does not depend on thread timing.
 */
final class ImageFolderReader {
    /** Extensions read as images (any case); other files are ignored, as torchvision ignores them. */
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp");

    private final Path folder;
    private final int size;
    private final int threads;
    private final DataSchema reference;

    ImageFolderReader(Path folder, int size, int threads, DataSchema reference) {
        this.folder = folder;
        this.size = size;
        this.threads = threads;
        this.reference = reference;
    }

    LoadedData read() {
        if (!Files.isDirectory(folder)) {
            throw DataFileException.of(folder, Files.exists(folder) ? "not a folder" : "no such folder");
        }
        List<Path> classFolders = classFolders();
        List<String> classes = reference != null ? reference.classNames()
                : classFolders.stream().map(p -> p.getFileName().toString()).toList();
        if (reference == null && classes.size() < 2) {
            throw DataFileException.of(folder, "only the class folder '" + classes.getFirst()
                    + "': classification needs 2 or more classes");
        }
        List<Path> files = new ArrayList<>();
        List<Float> ids = new ArrayList<>();
        for (Path classFolder : classFolders) {
            String name = classFolder.getFileName().toString();
            int id = classes.indexOf(name);
            if (id < 0) {
                throw DataFileException.of(classFolder, "class '" + name + "' is not one of the training data's "
                        + classes.size() + " classes (" + String.join(", ", classes.subList(0, Math.min(10, classes.size())))
                        + (classes.size() > 10 ? ", ..." : "") + ")");
            }
            List<Path> images = images(classFolder);
            if (images.isEmpty()) {
                throw DataFileException.of(classFolder, "no PNG, JPEG or BMP images in the class folder");
            }
            files.addAll(images);
            for (int i = 0; i < images.size(); i++) {
                ids.add((float) id);
            }
        }
        int channels = reference != null ? (int) reference.sampleShape()[0] : decode(files.getFirst()).channels;
        int rowFloats = channels * size * size;
        FeatureBlock block = FeatureBlock.allocate(files.size(), rowFloats, folder.toString());
        decodeAll(files, channels, block);
        float[] targets = new float[ids.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = ids.get(i);
        }
        DataSchema schema = new DataSchema(DataKind.CLASSIFICATION, new long[] {channels, size, size}, classes, List.of(), "");
        return new LoadedData(block, targets, schema, folder.toString(), null);
    }

    private void decodeAll(List<Path> files, int channels, FeatureBlock block) {
        DataFileException[] failures = new DataFileException[files.size()];
        AtomicInteger next = new AtomicInteger();
        Path first = files.getFirst();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < files.size(); ) {
                try {
                    Decoded image = decode(files.get(i));
                    if (image.channels != channels) {
                        throw DataFileException.of(files.get(i), image.channels + " colour channel" + (image.channels == 1 ? "" : "s")
                                + ", but " + (reference != null ? "the training images have " : first + " has ") + channels
                                + ": every image must have the same channels (convert them to one mode first)");
                    }
                    float[] pixels = ImageResize.shorterSideAndCentreCrop(image.planes, channels, image.height, image.width, size);
                    block.floats().put(i * pixels.length, pixels);
                } catch (DataFileException e) {
                    failures[i] = e;
                    next.set(files.size()); // no point decoding the rest
                }
            }
        };
        int workers = Math.min(threads, files.size());
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "lrfinder-image-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(worker));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding " + folder, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("decoding " + folder + " failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        for (DataFileException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** An image's colour channels as float planes in [0, 1]. */
    private record Decoded(float[] planes, int channels, int height, int width) {}

    private static Decoded decode(Path file) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw DataFileException.of(file, "unreadable image (" + e.getMessage() + ")");
        }
        if (image == null) {
            throw DataFileException.of(file, "not an image ImageIO can read (PNG, JPEG or BMP)");
        }
        int height = image.getHeight();
        int width = image.getWidth();
        int plane = height * width;
        if (image.getColorModel().getNumColorComponents() == 1) {
            Raster raster = image.getRaster();
            float max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
            int[] samples = raster.getSamples(0, 0, width, height, 0, new int[plane]);
            float[] planes = new float[plane];
            for (int i = 0; i < plane; i++) {
                planes[i] = samples[i] / max;
            }
            return new Decoded(planes, 1, height, width);
        }
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        float[] planes = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            planes[i] = ((p >> 16) & 0xFF) / 255f;
            planes[plane + i] = ((p >> 8) & 0xFF) / 255f;
            planes[2 * plane + i] = (p & 0xFF) / 255f;
        }
        return new Decoded(planes, 3, height, width);
    }

    private List<Path> classFolders() {
        List<Path> folders;
        try (Stream<Path> entries = Files.list(folder)) {
            folders = entries.filter(Files::isDirectory).filter(p -> !hidden(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw Inputs.failed(folder, e);
        }
        if (folders.isEmpty()) {
            throw DataFileException.of(folder, "no class folders: images go in " + folder + "/<class>/<image>.png"
                    + " (torchvision's ImageFolder layout)");
        }
        return folders;
    }

    private static List<Path> images(Path classFolder) {
        try (Stream<Path> walk = Files.walk(classFolder)) {
            return walk.filter(Files::isRegularFile).filter(p -> !hidden(p)).filter(ImageFolderReader::isImage)
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException | UncheckedIOException e) {
            throw DataFileException.of(classFolder, "cannot be listed (" + e.getMessage() + ")");
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }
}
