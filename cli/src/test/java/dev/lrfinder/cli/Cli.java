package dev.lrfinder.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Runs {@code lrfinder} in-process, capturing what a user would see. */
final class Cli {
    record Run(int code, String out, String err) {
        String firstErrLine() {
            return err.lines().findFirst().orElse("");
        }

        /** The summary's lines after the answer (its first block, up to the first blank line). */
        List<String> detailLines() {
            List<String> lines = out.lines().toList();
            int blank = lines.indexOf("");
            return blank < 0 ? List.of() : lines.subList(blank + 1, lines.size());
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

    /**
     * A folder's files, each with a hash of its bytes (empty when the folder does not exist): two
     * calls are equal when the folder holds the same set with the same contents.
     */
    static Map<String, Integer> contents(Path folder) throws IOException {
        Map<String, Integer> files = new TreeMap<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> list = Files.list(folder)) {
                for (Path f : list.toList()) {
                    files.put(f.getFileName().toString(), Arrays.hashCode(Files.readAllBytes(f)));
                }
            }
        }
        return files;
    }

    /** The names in a folder, sorted. */
    static List<String> names(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
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
