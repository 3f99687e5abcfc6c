package dev.lrfinder.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * IDX files as MNIST and Fashion-MNIST ship them (optionally gzipped): an images file of 3
 * dimensions ({@code N x rows x cols}, read as 1 x rows x cols images) or 2 ({@code N x features}),
 * and a labels file of 1 dimension, integer typed. Unsigned-byte pixels are scaled to [0, 1], as
 * torchvision's {@code ToTensor} does; other types are read as they are.
 */
public final class IdxSource extends DataSource<IdxSource> {
    private final Path images;
    private final Path labels;

    IdxSource(Path images, Path labels) {
        this.images = Objects.requireNonNull(images, "images");
        this.labels = Objects.requireNonNull(labels, "labels");
    }

    @Override
    public String describe() {
        return images.toString();
    }

    @Override
    LoadedData read(DataSchema reference) {
        long[] ids;
        try (InputStream in = Inputs.open(labels)) {
            Header header = Header.read(in, labels);
            if (header.shape.length != 1) {
                throw DataFileException.of(labels, "labels need an IDX file of 1 dimension; this one has "
                        + header.shape.length + " (" + header.shapeText() + "): is it the images file?");
            }
            if (!header.type.isInteger()) {
                throw DataFileException.of(labels, "labels of type " + header.type.name() + ": must be an integer type");
            }
            if (header.shape[0] > Integer.MAX_VALUE) {
                throw DataFileException.of(labels, String.format(Locale.ROOT, "its header claims %,d labels: at most"
                        + " %,d are read", header.shape[0], Integer.MAX_VALUE));
            }
            ids = header.type.readIntegers(in, (int) header.shape[0], labels.toString());
            expectEnd(in, labels, "label");
        } catch (IOException e) {
            throw Inputs.failed(labels, e);
        }
        try (InputStream in = Inputs.open(images)) {
            Header header = Header.read(in, images);
            long[] s = header.shape;
            if (s.length < 2 || s.length > 4) {
                throw DataFileException.of(images, "images need an IDX file of 2 to 4 dimensions; this one has "
                        + s.length + " (" + header.shapeText() + ")" + (s.length == 1 ? ": is it the labels file?" : ""));
            }
            if (s[0] != ids.length) {
                throw DataFileException.of(labels, String.format(Locale.ROOT, "%,d labels, but %s has %,d images",
                        ids.length, images, s[0]));
            }
            if (ids.length == 0) {
                throw DataFileException.of(images, "no images");
            }
            long[] sampleShape = s.length == 3 ? new long[] {1, s[1], s[2]} : Arrays.copyOfRange(s, 1, s.length);
            Labels decided = Labels.ofIntegers(ids, kind(), reference, i -> labels + ", label " + i, labels.toString());
            DataSchema schema = new DataSchema(decided.kind(), sampleShape, decided.classNames(), List.of(), "");
            FeatureBlock block = FeatureBlock.allocate(ids.length, schema.featureSize(), images.toString());
            float scale = header.type.kind() == 'u' && header.type.size() == 1 ? 1f / 255 : 1f;
            header.type.readFloats(in, (long) ids.length * schema.featureSize(), block.floats(), 0, scale, images.toString());
            expectEnd(in, images, "image");
            return new LoadedData(block, decided.targets(), schema, images.toString(), null);
        } catch (IOException e) {
            throw Inputs.failed(images, e);
        }
    }

    private static void expectEnd(InputStream in, Path file, String item) throws IOException {
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw DataFileException.of(file, String.format(Locale.ROOT, "%,d bytes after the last %s: the sizes in the header"
                    + " do not match the file", extra, item));
        }
    }

    /** An IDX header: magic {@code 00 00 type dims}, then each dimension as a big-endian int. */
    private record Header(ElementType type, long[] shape) {
        static Header read(InputStream in, Path file) throws IOException {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4 || magic[0] != 0 || magic[1] != 0) {
                throw DataFileException.of(file, "magic " + hex(magic) + " is not an IDX header (00 00, a type code,"
                        + " the number of dimensions)");
            }
            ElementType type = switch (magic[2]) {
                case 0x08 -> new ElementType('u', 1, ByteOrder.BIG_ENDIAN);
                case 0x09 -> new ElementType('i', 1, ByteOrder.BIG_ENDIAN);
                case 0x0B -> new ElementType('i', 2, ByteOrder.BIG_ENDIAN);
                case 0x0C -> new ElementType('i', 4, ByteOrder.BIG_ENDIAN);
                case 0x0D -> new ElementType('f', 4, ByteOrder.BIG_ENDIAN);
                case 0x0E -> new ElementType('f', 8, ByteOrder.BIG_ENDIAN);
                default -> throw DataFileException.of(file, String.format(Locale.ROOT, "IDX type code 0x%02X is not one of"
                        + " 08 (ubyte), 09 (byte), 0B (short), 0C (int), 0D (float), 0E (double)", magic[2]));
            };
            int dims = magic[3];
            if (dims < 1) {
                throw DataFileException.of(file, "an IDX header of " + dims + " dimensions");
            }
            long[] shape = new long[dims];
            for (int i = 0; i < dims; i++) {
                byte[] size = in.readNBytes(4);
                if (size.length < 4) {
                    throw DataFileException.of(file, "the IDX header is cut short");
                }
                shape[i] = ((size[0] & 0xFFL) << 24) | ((size[1] & 0xFF) << 16) | ((size[2] & 0xFF) << 8) | (size[3] & 0xFF);
            }
            return new Header(type, shape);
        }

        String shapeText() {
            return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(" x "));
        }

        private static String hex(byte[] bytes) {
            StringBuilder s = new StringBuilder("0x");
            for (byte b : bytes) {
                s.append(String.format(Locale.ROOT, "%02X", b));
            }
            return s.toString();
        }
    }
}
