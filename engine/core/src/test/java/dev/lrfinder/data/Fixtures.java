package dev.lrfinder.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Data files written the way NumPy, MNIST's IDX and ImageIO write them, for the readers' tests and the command line's. */
public final class Fixtures {
    private Fixtures() {}

    /** A .npy array, format 1.0: {@code descr} such as {@code "<f4"}, elements already encoded in {@code data}. */
    public static byte[] npy(String descr, boolean fortran, long[] shape, byte[] data) {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': (" + dims + (shape.length == 1 ? ",)" : ")") + ", }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer out = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        out.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
        return out.array();
    }

    public static byte[] floats32(ByteOrder order, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(order);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    public static byte[] floats64(ByteOrder order, double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(order);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    public static byte[] longs64(ByteOrder order, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(order);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    public static byte[] ints32(ByteOrder order, int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(order);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    /** A .npz as numpy.savez (stored) or numpy.savez_compressed (deflated) writes it. */
    public static void npz(Path file, boolean compressed, String[] names, byte[][] arrays) {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.setMethod(compressed ? ZipOutputStream.DEFLATED : ZipOutputStream.STORED);
            for (int i = 0; i < names.length; i++) {
                ZipEntry entry = new ZipEntry(names[i] + ".npy");
                if (!compressed) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(arrays[i]);
                    entry.setSize(arrays[i].length);
                    entry.setCompressedSize(arrays[i].length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(arrays[i]);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An IDX file: magic 00 00 type dims, big-endian sizes, then the elements. */
    public static byte[] idx(int typeCode, int[] shape, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + data.length).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) shape.length);
        for (int d : shape) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Path write(Path file, byte[] data) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path file, String text) {
        return write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A colour image whose pixel (x, y) is {@code rgb(x, y)} (0xRRGGBB), written by ImageIO. */
    public static Path image(Path file, String format, int width, int height, IntBinary rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb.at(x, y));
            }
        }
        return save(file, format, image);
    }

    /** A grey image whose pixel (x, y) is {@code grey(x, y)} (0..255). */
    public static Path greyImage(Path file, int width, int height, IntBinary grey) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, grey.at(x, y));
            }
        }
        return save(file, "png", image);
    }

    /** A constant colour. */
    public static IntBinary solid(int rgb) {
        return (x, y) -> rgb;
    }

    @FunctionalInterface
    public interface IntBinary {
        int at(int x, int y);
    }

    private static Path save(Path file, String format, BufferedImage image) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
