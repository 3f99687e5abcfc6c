package dev.lrfinder.report;

/**
 * A curve file that cannot be read as one: missing, not text, not CSV or JSON of the expected
 * shape, or a value that is not a number. The message is one line that names the file (and the line
 * or field where it matters) and what is wrong, ready to show to whoever gave the file.
 */
public final class CurveFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    CurveFileException(String message) {
        super(message);
    }

    CurveFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
