package dev.lrfinder.cli;

import java.io.PrintWriter;

/** {@code java -jar lrfinder-cli.jar ...}: the {@code lrfinder} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Plots are drawn with AWT; a command-line tool never opens a window.
        System.setProperty("java.awt.headless", "true");
        NativePreload.start(args);
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = LrFinderCommand.newCommandLine(out, err, Progress.stderrIsTerminal(), args).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
