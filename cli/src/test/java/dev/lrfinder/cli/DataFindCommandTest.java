package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code find --data} on the djl backend, and what the summary's first lines say. */
class DataFindCommandTest extends DataSweepCases {
    @Override
    String backend() {
        return "djl";
    }

    @Test
    void theSummaryWarnsInOneLineWhenFeatureScalesDifferAndNotWhenStandardized() {
        StringBuilder csv = new StringBuilder("small,large,y\n");
        for (int i = 0; i < 60; i++) {
            csv.append(String.format(Locale.ROOT, "%.3f,%.1f,%d%n", (i % 7) * 0.01, (i % 5) * 1000.0, i % 2));
        }
        String file = DataFiles.write(dir.resolve("scales.csv"), csv.toString()).toString();
        Cli.Run raw = Cli.lrfinder("find", "--data", file, "--runs", "1", "--steps", "20", "--batch-size", "16",
                "--out", dir.resolve("raw").toString());
        assertEquals(0, raw.code(), raw.err());
        List<String> lines = raw.detailLines();
        assertEquals("train " + file + ": 60 samples of 2 features, 2 classes (0 30, 1 30)", lines.get(0));
        assertTrue(lines.get(1).startsWith("warning: feature scales differ by ") && lines.get(1).contains("'large'")
                && lines.get(1).endsWith("standardize the features"), raw.out());
        Cli.Run standardized = Cli.lrfinder("find", "--data", file, "--standardize", "--runs", "1", "--steps", "20",
                "--batch-size", "16", "--out", dir.resolve("std").toString());
        assertEquals(0, standardized.code(), standardized.err());
        assertTrue(standardized.detailLines().get(1).startsWith("normalised: mean ("), standardized.out());
        assertTrue(standardized.out().lines().noneMatch(l -> l.startsWith("warning:")), standardized.out());
    }
}
