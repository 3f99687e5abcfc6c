package dev.lrfinder.report;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.lrfinder.sweep.LossCurve;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Curves as CSV. Numbers are written in full (shortest text that reads back to the same double); a
 * non-finite loss is written as {@code NaN}, {@code Infinity} or {@code -Infinity}.
 *
 * <ul>
 *   <li>One sweep ({@link #write}): {@code step,lr,loss}, a row per recorded step.</li>
 *   <li>Several runs ({@link #runsCsv}, lrfinder's {@code curves.csv}):
 *       {@code run,step,lr,loss,smoothed_loss}, runs numbered from 1; {@code smoothed_loss} is empty
 *       for the recorded points the analysis did not keep (past a non-finite loss or a compat stop).</li>
 * </ul>
 */
public final class CurveCsv {
    public static final String HEADER = "step,lr,loss";
    public static final String RUNS_HEADER = "run,step,lr,loss,smoothed_loss";

    /** Text formatted before it is turned into bytes: large enough to make the turning cheap. */
    private static final int BLOCK_CHARS = 1 << 20;

    private CurveCsv() {}

    /** Writes {@code curve} to {@code file}, atomically. */
    public static void write(Path file, LossCurve curve) throws IOException {
        AtomicFiles.writeString(file, curveCsv(curve));
    }

    /** One sweep's curve as {@code step,lr,loss} text. */
    public static String curveCsv(LossCurve curve) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < curve.size(); i++) {
            csv.append(i).append(',').append(curve.lr(i)).append(',').append(curve.loss(i)).append('\n');
        }
        return csv.toString();
    }

    /** Every run's recorded curve and smoothed loss as {@code curves.csv} text. */
    public static String runsCsv(List<AnalyzedRun> runs) {
        return new String(runsCsvBytes(runs), StandardCharsets.US_ASCII);
    }

    /**
     * {@link #runsCsv} as the bytes of the file (ASCII, which numbers and lrfinder's run numbers are),
     * made row by row: a 1,000,000-point curve is 67 MB, and a String of it and then its bytes would
     * hold it three times over.
     */
    public static byte[] runsCsvBytes(List<AnalyzedRun> runs) {
        // Grows by adding blocks, not by copying: only the final array is a copy.
        ByteArrayBuilder csv = new ByteArrayBuilder(64 * 1024);
        csv.write((RUNS_HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
        // Rows are formatted into a block of text and the block turned into bytes at once: ASCII
        // text's bytes are its Latin-1 string's, copied by an intrinsic.
        StringBuilder block = new StringBuilder(BLOCK_CHARS + 256);
        for (int r = 0; r < runs.size(); r++) {
            AnalyzedRun run = runs.get(r);
            double[] lrs = run.lrs();
            double[] losses = run.losses();
            double[] smoothed = run.analysis().smoothedLosses();
            for (int i = 0; i < lrs.length; i++) {
                block.append(r + 1).append(',').append(i).append(',').append(lrs[i]).append(',').append(losses[i]).append(',');
                if (i < smoothed.length) {
                    block.append(smoothed[i]);
                }
                block.append('\n');
                if (block.length() >= BLOCK_CHARS) {
                    csv.write(block.toString().getBytes(StandardCharsets.ISO_8859_1));
                    block.setLength(0);
                }
            }
        }
        csv.write(block.toString().getBytes(StandardCharsets.ISO_8859_1));
        return csv.toByteArray();
    }
}
