package dev.lrfinder.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens data files, gunzipping those that start with gzip's magic whatever their name says. */
final class Inputs {
    /** Read-ahead of every data stream; large enough that a decompressor is never starved. */
    static final int BUFFER_BYTES = 1 << 16;

    private Inputs() {}

    /** {@code file}'s bytes, gunzipped when it is gzip; a missing file is a one-line error. */
    static InputStream open(Path file) {
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
            return isGzip(raw) ? new BufferedInputStream(new GZIPInputStream(raw, BUFFER_BYTES), BUFFER_BYTES) : raw;
        } catch (NoSuchFileException e) {
            throw DataFileException.of(file, "no such file");
        } catch (IOException e) {
            throw DataFileException.of(file, "cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Whether {@code file} is gzip-compressed (by its first bytes). */
    static boolean isGzip(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 2)) {
            return isGzip(in);
        } catch (NoSuchFileException e) {
            throw DataFileException.of(file, "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A read failure in the middle of {@code file}, as a one-line error. */
    static DataFileException failed(Path file, IOException e) {
        return DataFileException.of(file, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }
}
