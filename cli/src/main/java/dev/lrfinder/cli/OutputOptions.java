package dev.lrfinder.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where results go and how they are shown, shared by find and analyze. */
final class OutputOptions {
    enum Format {
        text,
        json
    }

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for report.json, curves.csv, plot.png and plot.svg: new, empty or an earlier"
                    + " report's, whose files are replaced as one set (default: a new one under ./lrfinder-runs).")
    Path out;

    @Option(names = "--format", paramLabel = "text|json",
            description = "text: the summary (default); json: the report on stdout and nothing else there.")
    Format format = Format.text;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no messages on stderr.")
    boolean quiet;

    @Option(names = "--verbose", description = "Stack traces with errors.")
    boolean verbose;

    boolean json() {
        return format == Format.json;
    }
}
