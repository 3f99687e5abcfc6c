package dev.lrfinder.report;

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
            csv.append(i).append(',').append(curve.lr(i)).append(',').append(curve.loss(i));
            if (validation) {
                csv.append(',').append(curve.validationLoss(i));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    /** Every run's recorded curve and smoothed loss as {@code curves.csv} text. */
    public static String runsCsv(List<AnalyzedRun> runs) {
        boolean validation = runs.stream().anyMatch(AnalyzedRun::hasValidation);
        StringBuilder csv = new StringBuilder(RUNS_HEADER).append(validation ? "," + VALIDATION_COLUMNS : "").append('\n');
        for (int r = 0; r < runs.size(); r++) {
            AnalyzedRun run = runs.get(r);
            double[] lrs = run.lrs();
            double[] losses = run.losses();
            double[] smoothed = run.analysis().smoothedLosses();
            for (int i = 0; i < lrs.length; i++) {
                csv.append(r + 1).append(',').append(i).append(',').append(lrs[i]).append(',').append(losses[i]).append(',');
                if (i < smoothed.length) {
                    csv.append(smoothed[i]);
                }
                if (validation) {
                    csv.append(',');
                    if (run.hasValidation()) {
                        LossCurve curve = run.sweep().curve();
                        csv.append(curve.loss(i)).append(',').append(curve.validationLoss(i));
                    } else {
                        csv.append(losses[i]).append(',');
                    }
                }
                csv.append('\n');
            }
        }
        return csv.toString();
    }
}
