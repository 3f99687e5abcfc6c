package dev.lrfinder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.analysis.Method;
import dev.lrfinder.analysis.RunAggregation;
import dev.lrfinder.analysis.Suggestion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curves.csv as a person and a program read it: short rates, and the same answers when analysed again. */
class CurveCsvRoundTripTest {
    @TempDir
    Path dir;

    /** A sweep as DJL records it: float32 rates (its optimizers hold one) and float32 losses. */
    static AnalyzedRun floatRun(int number) {
        Random random = new Random(number);
        int n = 100;
        double[] lrs = new double[n];
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            double u = -7 + 8.0 * i / (n - 1);
            lrs[i] = (float) Math.pow(10, u);
            double fall = 1 / (1 + Math.exp(-(u + 2) * 3));
            double blow = u > -0.3 ? Math.pow(10, (u + 0.3) * 5) : 0;
            losses[i] = (float) (2.3 - 1.8 * fall + blow + 0.03 * random.nextGaussian());
        }
        return AnalyzedRun.ofCurve("run " + number, lrs, losses, CurveAnalysis.analyze(lrs, losses));
    }

    @Test
    void aFloat32RateIsWrittenAsTheShortestTextThatReadsBackToIt() {
        String csv = CurveCsv.runsCsv(List.of(floatRun(1)));
        List<String> rows = csv.lines().skip(1).toList();
        assertTrue(rows.get(0).startsWith("1,0,1.0E-7,"), "not 1.0000000116860974E-7: " + rows.get(0));
        for (String row : rows) {
            String lr = row.split(",")[2];
            String digits = lr.replaceAll("E.*", "").replace(".", "").replaceAll("^0+", "");
            assertTrue(digits.length() <= 9, "a float32 needs at most 9 digits: " + row);
        }
        double[] lrs = floatRun(1).lrs();
        for (int i = 0; i < lrs.length; i++) {
            assertEquals((float) lrs[i], Float.parseFloat(rows.get(i).split(",")[2]), "row " + i + " reads back to its float");
        }
    }

    @Test
    void theCurvesReadBackFromCurvesCsvGiveTheSameAnswers() throws IOException {
        List<AnalyzedRun> runs = List.of(floatRun(1), floatRun(2), floatRun(3));
        Path file = dir.resolve("curves.csv");
        Files.write(file, CurveCsv.runsCsvBytes(runs));
        List<RecordedCurve> read = CurveFiles.read(file);
        assertEquals(3, read.size());
        List<AnalysisResult> again = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            AnalysisResult analysis = CurveAnalysis.analyze(read.get(r).lrs(), read.get(r).losses());
            again.add(analysis);
            for (Method m : runs.get(r).analysis().suggestions().keySet()) {
                Suggestion before = runs.get(r).analysis().suggestion(m);
                Suggestion after = analysis.suggestion(m);
                assertEquals(before.isPresent(), after.isPresent(), m + " of run " + (r + 1));
                if (before.isPresent()) {
                    assertEquals(before.index(), after.index(), m + " of run " + (r + 1) + " at the same point");
                    assertEquals(before.lr(), after.lr(), 1e-6 * before.lr(), m + " of run " + (r + 1));
                }
            }
        }
        double first = RunAggregation.summarize(runs.stream().map(AnalyzedRun::analysis).toList(), AnalysisOptions.defaults())
                .recommendation().lr();
        double second = RunAggregation.summarize(again, AnalysisOptions.defaults()).recommendation().lr();
        assertEquals(first, second, 1e-6 * first, "the recommendation");
    }
}
