package dev.lrfinder.report;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.lrfinder.sweep.LossCurve;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Curves as CSV. A recorded number (lr, raw loss) is written as the shortest text that reads back to
 * it at the precision it has: a float32 value (the rate DJL's optimizers applied, a loss read off a
 * float32 tensor) as {@link Float#toString} writes it ({@code 1.0E-7}, not the
 * {@code 1.0000000116860974E-7} of its double), any other value as {@link Double#toString} does;
 * parsed as a float32 (numpy's {@code float32}, Java's {@code Float.parseFloat}) the text gives the
 * value back exactly. A smoothed loss, computed in double, is written in full. A non-finite loss is
 * written as {@code NaN}, {@code Infinity} or {@code -Infinity}.
 *
 * <ul>
 *   <li>One sweep ({@link #write}): {@code step,lr,loss}, a row per recorded step, and {@code
 *       val_loss} when validation losses were recorded.</li>
 *   <li>Several runs ({@link #runsCsv}, lrfinder's {@code curves.csv}):
 *       {@code run,step,lr,loss,smoothed_loss}, runs numbered from 1; {@code loss} is the curve the
 *       analysis read and {@code smoothed_loss} its smoothing, empty for the recorded points the
 *       analysis did not keep (past a non-finite loss or a compat stop). When validation losses were
 *       recorded, {@code train_loss,val_loss} follow: both raw curves, whichever was analysed.</li>
 * </ul>
 */
public final class CurveCsv {
    public static final String HEADER = "step,lr,loss";
    public static final String RUNS_HEADER = "run,step,lr,loss,smoothed_loss";
    /** The columns added to either file when validation losses were recorded. */
    public static final String VALIDATION_COLUMNS = "train_loss,val_loss";

    /** Text formatted before it is turned into bytes: large enough to make the turning cheap. */
    private static final int BLOCK_CHARS = 1 << 20;

    private CurveCsv() {}

    /** Writes {@code curve} to {@code file}, atomically. */
    public static void write(Path file, LossCurve curve) throws IOException {
        AtomicFiles.writeString(file, curveCsv(curve));
    }

    /** One sweep's curve as {@code step,lr,loss} text. */
    public static String curveCsv(LossCurve curve) {
        boolean validation = curve.hasValidation();
        StringBuilder csv = new StringBuilder(HEADER).append(validation ? ",val_loss" : "").append('\n');
        for (int i = 0; i < curve.size(); i++) {
            recorded(recorded(csv.append(i).append(','), curve.lr(i)).append(','), curve.loss(i));
            if (validation) {
                recorded(csv.append(','), curve.validationLoss(i));
            }
            csv.append('\n');
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
        boolean validation = runs.stream().anyMatch(AnalyzedRun::hasValidation);
        csv.write((RUNS_HEADER + (validation ? "," + VALIDATION_COLUMNS : "") + "\n").getBytes(StandardCharsets.US_ASCII));
        // Rows are formatted into a block of text and the block turned into bytes at once: ASCII
        // text's bytes are its Latin-1 string's, copied by an intrinsic.
        StringBuilder block = new StringBuilder(BLOCK_CHARS + 256);
        for (int r = 0; r < runs.size(); r++) {
            AnalyzedRun run = runs.get(r);
            double[] lrs = run.lrs();
            double[] losses = run.losses();
            double[] smoothed = run.analysis().smoothedLosses();
            for (int i = 0; i < lrs.length; i++) {
                block.append(r + 1).append(',').append(i).append(',');
                recorded(recorded(block, lrs[i]).append(','), losses[i]).append(',');
                if (i < smoothed.length) {
                    block.append(smoothed[i]);
                }
                if (validation) {
                    block.append(',');
                    if (run.hasValidation()) {
                        LossCurve curve = run.sweep().curve();
                        recorded(recorded(block, curve.loss(i)).append(','), curve.validationLoss(i));
                    } else {
                        recorded(block, losses[i]).append(',');
                    }
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

    /** Appends a recorded number as the shortest text that reads back to it at its precision (see the class). */
    static StringBuilder recorded(StringBuilder text, double value) {
        float single = (float) value;
        return single == value ? text.append(single) : text.append(value);
    }
}
