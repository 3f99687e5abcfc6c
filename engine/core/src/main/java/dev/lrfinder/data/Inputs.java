package dev.lrfinder.data;

import java.io.BufferedInputStream;
import java.io.CharConversionException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

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
            throw DataFileException.of(file, inWords(e, false));
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

    /** A read failure in the middle of {@code file}, as a one-line error in words (no Java class names). */
    static DataFileException failed(Path file, IOException e) {
        IOException cause = e;
        if (e instanceof CharConversionException) { // Jackson's decoder: it says the byte, not where it is
            try {
                String where = firstNonUtf8(file);
                if (where != null) {
                    return DataFileException.of(file, where);
                }
            } catch (IOException underTheText) { // corrupt gzip decoded to garbage: the gzip is what is wrong
                cause = underTheText;
            } catch (RuntimeException unreadable) {
                // as it was read the first time
            }
        }
        return DataFileException.of(file, inWords(cause, isGzipQuietly(file)));
    }

    /**
     * What went wrong in a read, as a user would say it: the decompressor's and the decoder's
     * failures are a file cut short or corrupt, whatever class Java gives them.
     *
     * @param gzip whether the bytes came through gunzip (else from a zip entry or the file itself)
     */
    static String inWords(IOException e, boolean gzip) {
        String compressed = gzip ? "the gzip stream" : "the compressed data";
        if (e instanceof EOFException) {
            // GZIPInputStream's "Unexpected end of ZLIB input stream", or a read past the end
            return e.getMessage() != null && e.getMessage().contains("ZLIB") ? compressed + " ends early (the file is cut short)"
                    : "the file ends early (it is cut short)";
        }
        if (e instanceof ZipException) {
            return compressed + " is corrupt (" + orNothing(e.getMessage()) + ")";
        }
        if (e instanceof CharConversionException) {
            return "the text is not UTF-8 (" + orNothing(e.getMessage()) + "); save it as UTF-8";
        }
        if (e instanceof AccessDeniedException) {
            return "cannot be read (permission denied)";
        }
        return "cannot be read (" + orNothing(e.getMessage()) + ")";
    }

    private static String orNothing(String message) {
        return message == null || message.isBlank() ? "no detail" : message.strip().lines().findFirst().orElse("");
    }

    private static boolean isGzipQuietly(Path file) {
        try {
            return isGzip(file);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Where {@code file}'s text (gunzipped) first breaks UTF-8, {@code line 3 is not UTF-8: byte 0xE9
     * at column 12} (the byte that starts the broken character; columns count characters, lines
     * break as {@code CsvReader} counts them); null when it is all UTF-8.
     */
    static String firstNonUtf8(Path file) throws IOException {
        try (InputStream in = open(file)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            long line = 1;
            long column = 1;
            int pending = 0; // continuation bytes the current character still needs
            int lead = 0;
            boolean afterCr = false;
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    int b = buffer[i] & 0xFF;
                    if (pending > 0) {
                        if ((b & 0xC0) != 0x80) {
                            return notUtf8(line, lead, column);
                        }
                        if (--pending == 0) {
                            column++;
                        }
                        continue;
                    }
                    if (b < 0x80) {
                        if (b == '\n' ? !afterCr : b == '\r') {
                            line++;
                            column = 1;
                        } else if (b != '\n') {
                            column++;
                        }
                        afterCr = b == '\r';
                        continue;
                    }
                    afterCr = false;
                    lead = b;
                    pending = b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : -1;
                    if (pending < 0) {
                        return notUtf8(line, b, column);
                    }
                }
            }
            return pending > 0 ? notUtf8(line, lead, column) : null;
        }
    }

    private static String notUtf8(long line, int b, long column) {
        return String.format(Locale.ROOT, "line %d is not UTF-8: byte 0x%02X at column %d (save the file as UTF-8)",
                line, b, column);
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }
}
