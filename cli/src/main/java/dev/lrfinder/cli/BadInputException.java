package dev.lrfinder.cli;

/** Input the user can fix (a file, a folder, a name): exit code 2 and one line, no stack trace. */
final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }

    BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
