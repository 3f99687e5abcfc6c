package dev.lrfinder.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrfinder.cli.LrFinderCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code lrfinder sweep --engine spark} in this JVM (the driver), capturing what a user would see. */
final class SweepOnSpark {
    record Run(int code, String out, String err) {}

    /** Small cells on djl: a second or two each once an executor has loaded libtorch. */
    static final List<String> SMALL = List.of("--backend", "djl", "--task", "blobs", "--samples", "256", "--widths", "16",
            "--steps", "50", "--runs", "2");

    private SweepOnSpark() {}

    static Run sweep(String master, Path out, String... grid) {
        List<String> args = new ArrayList<>(List.of("sweep", "--engine", "spark", "--master", master, "--out", out.toString()));
        args.addAll(SMALL);
        args.addAll(List.of(grid));
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = LrFinderCommand.newCommandLine(new PrintWriter(stdout, true), new PrintWriter(stderr, true))
                .execute(args.toArray(String[]::new));
        return new Run(code, stdout.toString(), stderr.toString());
    }

    static JsonNode report(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("report.json").toFile());
    }
}
