package dev.lrfinder.data;

import java.nio.file.Path;

/**
 * A data file that cannot be read as it is: one line naming the file, where in it (line and
 * column, array, image) and what is wrong, e.g. {@code train.csv line 7, column 'x2': 'abc' is not
 * a number}. An {@link IllegalArgumentException}, so a command line reports it as bad input.
 */
public final class DataFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DataFileException(String message) {
        super(message);
    }

    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code FILE: what}. */
    public static DataFileException of(Path file, String what) {
        return new DataFileException(file + ": " + what);
    }

    /** {@code FILE where: what}, e.g. where = {@code "line 7, column 'x2'"}. */
    public static DataFileException at(Path file, String where, String what) {
        return new DataFileException(file + " " + where + ": " + what);
    }
}
