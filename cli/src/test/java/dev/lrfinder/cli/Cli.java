package dev.lrfinder.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Runs {@code lrfinder} in-process, capturing what a user would see. */
final class Cli {
    record Run(int code, String out, String err) {
        String firstErrLine() {
            return err.lines().findFirst().orElse("");
        }
    }

    private Cli() {}

    static Run lrfinder(String... args) {
        return lrfinder(false, args);
    }

    /** With {@code terminal}, stderr counts as a terminal (the progress bar is drawn). */
    static Run lrfinder(boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LrFinderCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true), terminal)
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A fixture under src/test/resources/curves. */
    static Path curve(String name) {
        try {
            return Path.of(Cli.class.getResource("/curves/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
