package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code lrfinder find --data} end to end on one backend, for every format (CSV with text labels
 * and a quoted field, .npz, two .npy files, gzipped IDX, a folder of PNGs), with validation-loss
 * mode off and on. A backend's test class extends this (one libtorch per JVM).
 */
abstract class DataSweepCases {
    @TempDir
    Path dir;

    /** {@code djl} or {@code native}. */
    abstract String backend();

    /** Null when this backend can run here, else why it cannot (the test is then skipped). */
    String absentReason() {
        return null;
    }

    @BeforeEach
    void backendHere() {
        String absent = absentReason();
        org.junit.jupiter.api.Assumptions.assumeTrue(absent == null, () -> "SKIPPED, native shim absent: " + absent);
    }

    /** The options that read {@code format}'s fixture, written into the test's folder. */
    List<String> dataOptions(String format) {
        return switch (format) {
            case "csv" -> List.of("--data", DataFiles.csv(dir.resolve("train.csv")).toString(), "--features", "length,width");
            case "npz" -> List.of("--data", DataFiles.npz(dir.resolve("digits8.npz")).toString(), "--model", "cnn");
            case "npy" -> {
                Path[] xy = DataFiles.npyPair(dir);
                yield List.of("--data", xy[0].toString(), "--labels", xy[1].toString());
            }
            case "idx" -> {
                Path[] xy = DataFiles.idx(dir);
                yield List.of("--data", xy[0].toString(), "--labels", xy[1].toString(), "--model", "cnn");
            }
            case "images" -> List.of("--data", DataFiles.images(dir.resolve("photos")).toString(), "--image-size", "8",
                    "--model", "cnn", "--crop-padding", "1", "--flips", "--color-jitter", "0.2");
            default -> throw new IllegalArgumentException(format);
        };
    }

    @ParameterizedTest(name = "{0}, validation loss {1}")
    @CsvSource({"csv, false", "csv, true", "npz, false", "npz, true", "npy, false", "npy, true", "idx, false", "idx, true",
        "images, false", "images, true"})
    void findSweepsTheDataAndSaysWhatItRead(String format, boolean validation) throws IOException {
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("find", "--backend", backend(), "--runs", "1", "--steps", "30",
                "--batch-size", "16", "--lr-max", "1", "--out", out.toString()));
        args.addAll(dataOptions(format));
        if (validation) {
            args.addAll(List.of("--val-split", "0.25", "--val-loss"));
        }
        Cli.Run run = Cli.lrfinder(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("Recommended learning rate") || run.out().startsWith("No recommended"), run.out());
        List<String> lines = run.detailLines();
        int samples = format.equals("images") ? DataFiles.ROWS / 2 : DataFiles.ROWS;
        int trained = validation ? samples * 3 / 4 : samples;
        assertTrue(lines.get(0).startsWith("train ") && lines.get(0).contains(": " + trained + " samples of ")
                && lines.get(0).contains("3 classes ("), "the detail's first line says what was read: " + run.out());
        assertEquals(validation, lines.get(1).startsWith("validation "), run.out());
        assertTrue(run.out().contains(backend() + " backend"), run.out());
        assertTrue(run.out().contains("Recommended learning rate") || run.out().contains("No recommended"), run.out());

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(2, report.at("/schema").asInt());
        assertEquals(trained, report.at("/data/samples").asInt());
        assertEquals(3, report.at("/data/classes").size());
        assertEquals(validation, report.at("/config/validationLoss").asBoolean());
        assertEquals(validation ? "val" : "train", report.at("/runs/0/analyzedCurve").asText());
        JsonNode curve = report.at("/runs/0/curve");
        assertEquals(validation, curve.has("valLoss"), curve.toString());
        List<String> csv = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals(validation ? "run,step,lr,loss,smoothed_loss,train_loss,val_loss" : "run,step,lr,loss,smoothed_loss",
                csv.get(0));
        if (validation) {
            String[] first = csv.get(1).split(",");
            assertEquals(first[3], first[6], "loss is the curve read: the validation loss");
            assertEquals(samples - trained, report.at("/data/validation/samples").asInt());
        }
        assertEquals(backend(), new ObjectMapper().readTree(out.resolve("run-1.json").toFile()).at("/run/backend").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"csv", "idx"})
    void validationDataOfTheirOwnAreReadWithTheTrainingDatasMapping(String format) throws IOException {
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("find", "--backend", backend(), "--runs", "1", "--steps", "20",
                "--batch-size", "16", "--val-loss", "--val-batches", "1", "--curve", "train", "--out", out.toString()));
        if (format.equals("csv")) {
            args.addAll(dataOptions("csv"));
            // Another file whose classes come in another order: mapped by name, not by position.
            Path other = DataFiles.write(dir.resolve("val.csv"), "species,width,length\ncat,-2,2\nant,0,0\nbee,-1,1\ncat,-2.1,1.9\n");
            args.addAll(List.of("--val-data", other.toString()));
        } else {
            Path[] train = DataFiles.idx(dir);
            Path valDir = dir.resolve("val");
            Path[] val = DataFiles.idx(valDir);
            args.addAll(List.of("--data", train[0].toString(), "--labels", train[1].toString(),
                    "--val-data", val[0].toString(), "--val-labels", val[1].toString()));
        }
        Cli.Run run = Cli.lrfinder(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(format.equals("csv") ? 4 : DataFiles.ROWS, report.at("/data/validation/samples").asInt());
        assertEquals("train", report.at("/runs/0/analyzedCurve").asText());
        assertEquals(1, report.at("/config/validationBatches").asInt());
        assertTrue(report.at("/runs/0/curve/valLoss/0").isNumber());
        assertTrue(run.out().contains("validation loss after every step on 1 validation batch; the training loss is read"),
                run.out());
    }

    /** The acceptance line: {@code find --data train.csv --val-data val.csv --for onecycle --verify}, and --for constant. */
    @ParameterizedTest(name = "--for {0}")
    @CsvSource({"onecycle", "constant"})
    void verifyChecksTheAnswerForTheTargetWithFitsOnTheValidationFile(String target) throws IOException {
        Path out = dir.resolve("out");
        Path val = DataFiles.csv(dir.resolve("val.csv"));
        List<String> args = new ArrayList<>(List.of("find", "--backend", backend(), "--runs", "2", "--steps", "40",
                "--batch-size", "16", "--for", target, "--verify", "--verify-steps", "30", "--out", out.toString()));
        args.addAll(dataOptions("csv"));
        args.addAll(List.of("--val-data", val.toString()));
        Cli.Run run = Cli.lrfinder(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode rec = report.at("/aggregate/recommendation");
        assertEquals(target, rec.at("/target").asText());
        String method = rec.at("/rule/method").asText();
        double factor = rec.at("/rule/factor").asDouble();
        assertEquals(report.at("/aggregate/methods/" + method + "/geometricMean").asDouble() * factor,
                rec.at("/rangeTestLr").asDouble(), 1e-9 * rec.at("/lr").asDouble(),
                "the range tests' answer: the rule's factor times its method's mean");
        JsonNode v = report.at("/verification");
        assertTrue(v.at("/fits").size() >= 5, v.toString());
        assertEquals(target, v.at("/schedule").asText());
        assertEquals(30, v.at("/steps").asInt(), "--verify-steps: the fits' horizon");
        assertEquals(30, v.at("/horizon/trainSteps").asInt());
        assertTrue(v.at("/validation").asText().contains("val.csv"), v.toString());
        double verified = v.at("/verifiedLr").asDouble();
        assertEquals(verified, rec.at("/lr").asDouble(), "the answer is the verified rate");
        assertTrue(v.at("/goodRange/from").asDouble() <= verified && verified <= v.at("/goodRange/to").asDouble(),
                v.toString());
        assertTrue(v.at("/cost/steps").asInt() <= v.at("/cost/budgetSteps").asInt(), v.toString());
        assertTrue(v.at("/wallTimeSeconds").asDouble() > 0);
        assertTrue(run.out().contains("Verified by " + v.at("/fits").size() + " fits, "), run.out());
        assertTrue(run.out().contains("trains within 10% of the best"), run.out());
        assertEquals(v.at("/fits").size() + 1, run.out().lines().dropWhile(l -> !l.startsWith("lr             steps"))
                .takeWhile(l -> !l.isBlank() && !l.startsWith("Verified rate")).count(),
                "a header and a line per fit: " + run.out());
    }
}
