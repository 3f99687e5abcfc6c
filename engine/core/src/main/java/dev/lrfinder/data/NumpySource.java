package dev.lrfinder.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * NumPy arrays: a {@code .npz} holding {@code x} (or {@code X}) and {@code y} (or {@code Y}), as
 * {@code numpy.savez(f, x=x, y=y)} writes it (compressed or not), or two {@code .npy} files.
 * Features of float32, float64, integer or bool dtype, in C order, samples first: {@code (N,)} is
 * one feature, {@code (N, F)} F features, {@code (N, H, W)} 1xHxW images, {@code (N, C, H, W)}
 * images as PyTorch lays them out. Labels {@code (N,)} or {@code (N, 1)}: integer or bool labels
 * are classes, float labels regression values, unless the kind is given.
 */
public final class NumpySource extends DataSource<NumpySource> {
    private final Path npz;
    private final Path x;
    private final Path y;

    NumpySource(Path npz, Path x, Path y) {
        this.npz = npz;
        this.x = x;
        this.y = y;
    }

    @Override
    public String describe() {
        return npz != null ? npz.toString() : x + " with labels " + y;
    }

    @Override
    LoadedData read(DataSchema reference) {
        if (npz == null) {
            return read(new NamedArray(x.toString(), () -> Inputs.open(x)), new NamedArray(y.toString(), () -> Inputs.open(y)), reference);
        }
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            ZipEntry xs = entry(zip, "x", "X");
            ZipEntry ys = entry(zip, "y", "Y");
            return read(new NamedArray(npz + ", array '" + xs.getName().replace(".npy", "") + "'", () -> zip.getInputStream(xs)),
                    new NamedArray(npz + ", array '" + ys.getName().replace(".npy", "") + "'", () -> zip.getInputStream(ys)),
                    reference);
        } catch (NoSuchFileException e) {
            throw DataFileException.of(npz, "no such file");
        } catch (ZipException e) {
            throw DataFileException.of(npz, "not a .npz file (a zip of .npy arrays): " + e.getMessage());
        } catch (IOException e) {
            throw Inputs.failed(npz, e);
        }
    }

    @FunctionalInterface
    private interface Opener {
        InputStream open() throws IOException;
    }

    /** An array to read and how messages name it: the .npy file, or the .npz and the array. */
    private record NamedArray(String where, Opener opener) {}

    private LoadedData read(NamedArray xs, NamedArray ys, DataSchema reference) {
        try {
            Labels labels;
            int samples;
            try (InputStream in = ys.opener().open()) {
                NpyHeader header = NpyHeader.read(in, ys.where());
                long[] s = header.shape();
                if (s.length == 0 || s.length > 2 || (s.length == 2 && s[1] != 1) || s[0] == 0) {
                    throw new DataFileException(ys.where() + ": shape " + header.shapeText()
                            + " is not one target per sample: must be (N,) or (N, 1) with N > 0");
                }
                samples = Math.toIntExact(s[0]);
                labels = labels(header, in, samples, ys.where(), reference);
            }
            try (InputStream in = xs.opener().open()) {
                NpyHeader header = NpyHeader.read(in, xs.where());
                long[] sampleShape = sampleShape(header, xs.where());
                if (header.shape()[0] != samples) {
                    throw new DataFileException(String.format(Locale.ROOT, "%s: %,d samples, but %s has %,d labels",
                            xs.where(), header.shape()[0], ys.where(), samples));
                }
                DataSchema schema = new DataSchema(labels.kind(), sampleShape, labels.classNames(), List.of(), "");
                FeatureBlock block = FeatureBlock.allocate(samples, schema.featureSize(), describe());
                header.type().readFloats(in, header.count(), block.floats(), 0, 1f, xs.where());
                return new LoadedData(block, labels.targets(), schema, describe(), null);
            }
        } catch (ArithmeticException e) {
            throw new DataFileException(describe() + ": the arrays are too large (over 2^31 samples or elements)");
        } catch (IOException e) {
            // a .npy's gzip, or an .npz's deflated entry
            throw new DataFileException(describe() + ": " + Inputs.inWords(e, npz == null), e);
        }
    }

    private Labels labels(NpyHeader header, InputStream in, int samples, String where, DataSchema reference) throws IOException {
        ElementType type = header.type();
        if (type.isInteger()) {
            return Labels.ofIntegers(type.readIntegers(in, samples, where), kind(), reference,
                    i -> where + ", element " + i, where);
        }
        return Labels.ofReals(type.readReals(in, samples, where), kind(), reference, i -> where + ", element " + i, where);
    }

    private static long[] sampleShape(NpyHeader header, String where) {
        long[] s = header.shape();
        long[] shape = switch (s.length) {
            case 1 -> new long[] {1};
            case 2 -> new long[] {s[1]};
            case 3 -> new long[] {1, s[1], s[2]};
            case 4 -> new long[] {s[1], s[2], s[3]};
            default -> throw new DataFileException(where + ": shape " + header.shapeText()
                    + " is not supported: must be (N,), (N, F), (N, H, W) or (N, C, H, W)");
        };
        for (long d : s) {
            if (d == 0) {
                throw new DataFileException(where + ": shape " + header.shapeText() + " has no elements");
            }
        }
        return shape;
    }

    private ZipEntry entry(ZipFile zip, String... names) {
        for (String name : names) {
            ZipEntry e = zip.getEntry(name + ".npy");
            if (e != null) {
                return e;
            }
        }
        List<String> held = new ArrayList<>();
        for (ZipEntry e : Collections.list(zip.entries())) {
            held.add(e.getName().replace(".npy", ""));
        }
        throw DataFileException.of(npz, "no array '" + String.join("' or '", names) + "' (it holds "
                + (held.isEmpty() ? "none" : String.join(", ", held)) + ")");
    }
}
