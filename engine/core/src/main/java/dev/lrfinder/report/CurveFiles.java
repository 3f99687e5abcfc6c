package dev.lrfinder.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads range-test curves written by anything, as {@code lrfinder analyze} does. The format is told
 * by the content, not the file name:
 * <ul>
 *   <li>CSV with a header naming {@code lr} and {@code loss} (any case, any order; other columns
 *       ignored), separated by commas, or by semicolons (then a comma in a number is its decimal
 *       mark, as spreadsheets in many locales write it); quoted fields, CRLF line ends and empty
 *       lines as spreadsheets write them. A {@code run} column splits the rows into runs, as in
 *       lrfinder's {@code curves.csv}. Empty, {@code nan}, {@code inf} and {@code -inf} losses are
 *       read as pandas and Python write them.</li>
 *   <li>JSON {@code {"lr": [...], "loss": [...]}}: Lightning's {@code lr_finder.results} and
 *       torch-lr-finder's {@code history}, dumped with Python's json (NaN and Infinity allowed, a
 *       null loss read as NaN). One document per file, nested at most {@link
 *       JsonCurveReader#MAX_NESTING} levels, numbers of at most {@link JsonCurveReader#MAX_DIGITS}
 *       characters.</li>
 *   <li>lrfinder's {@code report.json}: every run's recorded curve, and the steps the sweep was asked
 *       for.</li>
 * </ul>
 * Each curve says what its losses are as far as the format tells ({@link RecordedCurve.Losses}):
 * lrfinder's files hold raw losses, a JSON {@code {"lr", "loss"}} a tool's smoothed ones, any other
 * CSV does not say.
 * Text is UTF-8; a byte-order mark at the start (spreadsheets write one) is skipped. Anything else
 * is a {@link CurveFileException} whose message is one line naming the file and what is wrong.
 * Pure Java and Jackson: reading curves needs no backend.
 */
public final class CurveFiles {
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private CurveFiles() {}

    /**
     * The curves in {@code file}: one, or one per run for a file holding several.
     *
     * @throws CurveFileException naming the file when it cannot be read as curves
     */
    public static List<RecordedCurve> read(Path file) {
        return parse(file, text(file));
    }

    /**
     * The curves in a stream, such as standard input ({@code lrfinder analyze -}), read to its end.
     *
     * @param name how messages and reports name the stream
     * @throws CurveFileException naming it when it cannot be read as curves
     */
    public static List<RecordedCurve> read(InputStream in, String name) {
        Path file = Path.of(name);
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException | OutOfMemoryError e) {
            throw new CurveFileException(name + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return parse(file, decode(file, bytes));
    }

    private static List<RecordedCurve> parse(Path file, String text) {
        String start = text.stripLeading();
        if (start.isEmpty()) {
            throw new CurveFileException(file + ": is empty");
        }
        return start.startsWith("{") || start.startsWith("[")
                ? JsonCurveReader.read(file, text)
                : CsvCurveReader.read(file, text);
    }

    private static String text(Path file) {
        if (Files.isDirectory(file)) {
            throw new CurveFileException(file + ": is a folder, not a curve file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CurveFileException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new CurveFileException(file + ": cannot be read (permission denied)", e);
        } catch (IOException | OutOfMemoryError e) {
            throw new CurveFileException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return decode(file, bytes);
    }

    /** UTF-8 text without its byte-order mark; UTF-16 (a spreadsheet's "Unicode text") is named as such. */
    static String decode(Path file, byte[] bytes) {
        int offset = 0;
        if (bytes.length >= 3 && bytes[0] == UTF8_BOM[0] && bytes[1] == UTF8_BOM[1] && bytes[2] == UTF8_BOM[2]) {
            offset = 3;
        } else if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            throw new CurveFileException(file + ": is UTF-16 text; save it as UTF-8 (CSV UTF-8 in spreadsheets)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CurveFileException(file + ": is not text (not UTF-8); expected CSV or JSON", e);
        }
    }

    /** A short, one-line rendering of a value for a message: a bad field may be anything. */
    static String excerpt(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 40 ? line : line.substring(0, 37) + "...";
    }
}
