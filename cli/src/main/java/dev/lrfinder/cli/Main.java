package dev.lrfinder.cli;

import java.io.PrintWriter;

/** {@code java -jar lrfinder-cli.jar ...}: the {@code lrfinder} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = LrFinderCommand.newCommandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
