package dev.lrfinder.report;

import dev.lrfinder.sweep.LossCurve;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One sweep's curve as CSV: a header {@code step,lr,loss}, then a row per recorded step. Numbers are
 * written in full (shortest text that reads back to the same double); a non-finite loss is written
 * as {@code NaN}, {@code Infinity} or {@code -Infinity}.
 */
public final class CurveCsv {
    public static final String HEADER = "step,lr,loss";

    private CurveCsv() {}

    /** Writes {@code curve} to {@code file}, atomically. */
    public static void write(Path file, LossCurve curve) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(HEADER);
            w.write('\n');
            for (int i = 0; i < curve.size(); i++) {
                w.write(i + "," + curve.lr(i) + "," + curve.loss(i) + "\n");
            }
            w.flush();
        });
    }
}
