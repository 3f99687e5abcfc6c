package dev.lrfinder.cli;

import dev.lrfinder.base.Timeline;
import java.io.PrintWriter;

/** {@code java -jar lrfinder-cli.jar ...}: the {@code lrfinder} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Timeline.mark("main");
        // Plots are drawn with AWT; a command-line tool never opens a window.
        System.setProperty("java.awt.headless", "true");
        // Text layout through HarfBuzz's JNI binding, not JDK 25's default java.lang.foreign one,
        // whose first use builds some 80 method handles and upcall stubs: 70 ms of every command
        // that draws a plot (analyze 0.54 -> 0.47 s, find 1.05 -> 0.97 s, medians of 5). Both lay
        // text out with the same HarfBuzz; a JDK without the property ignores it.
        System.setProperty("sun.font.layout.ffm", "false");
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = LrFinderCommand.newCommandLine(out, err, Progress.stderrIsTerminal(), args).execute(args);
        out.flush();
        Timeline.print(err);
        err.flush();
        ProcessExit.now(args.length > 0 ? args[0] : null, code);
    }
}
