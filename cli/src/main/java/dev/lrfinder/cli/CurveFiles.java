package dev.lrfinder.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads range-test curves written by anything, for {@code lrfinder analyze}. The format is told by
 * the content, not the file name:
 * <ul>
 *   <li>CSV with a header naming {@code lr} and {@code loss} (any case, any order; other columns
 *       ignored). A {@code run} column splits the rows into runs, as in lrfinder's {@code curves.csv}.
 *       Empty, {@code nan}, {@code inf} and {@code -inf} losses are read as pandas and Python write
 *       them.</li>
 *   <li>JSON {@code {"lr": [...], "loss": [...]}}: Lightning's {@code lr_finder.results} and
 *       torch-lr-finder's {@code history}, dumped with Python's json (NaN and Infinity allowed, null
 *       read as NaN).</li>
 *   <li>lrfinder's {@code report.json}: every run's recorded curve, and the steps the sweep was asked
 *       for.</li>
 * </ul>
 * Anything else is bad input with one line naming the file and what is wrong.
 */
final class CurveFiles {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /**
     * One curve read from a file.
     *
     * @param source the file, with the run when it holds several
     * @param requestedSteps the steps the sweep was asked for, when the file says (lrfinder's report), else 0
     */
    record Curve(String source, double[] lrs, double[] losses, int requestedSteps) {}

    private CurveFiles() {}

    static List<Curve> read(Path file) {
        String text = text(file);
        String start = text.stripLeading();
        if (start.isEmpty()) {
            throw new BadInputException(file + ": is empty");
        }
        return start.startsWith("{") || start.startsWith("[") ? json(file, text) : csv(file, text);
    }

    private static String text(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + ": is a folder, not a curve file");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new BadInputException(file + ": cannot be read (permission denied)");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BadInputException(file + ": is not text (not UTF-8); expected CSV or JSON");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static List<Curve> json(Path file, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new BadInputException(file + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")");
        }
        if (root.isObject() && root.path("runs").isArray() && root.has("lrfinder")) {
            int steps = root.path("config").path("steps").asInt(0);
            List<Curve> curves = new ArrayList<>();
            for (JsonNode run : root.path("runs")) {
                String source = file + " run " + run.path("run").asInt(curves.size() + 1);
                JsonNode curve = run.path("curve");
                curves.add(fromArrays(file, source, curve.path("lr"), curve.path("loss"), "runs[" + curves.size() + "].curve.", steps));
            }
            if (curves.isEmpty()) {
                throw new BadInputException(file + ": an lrfinder report with no runs");
            }
            return curves;
        }
        if (root.isObject() && root.has("lr") && root.has("loss")) {
            return List.of(fromArrays(file, file.toString(), root.get("lr"), root.get("loss"), "", 0));
        }
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        throw new BadInputException(file + ": JSON without 'lr' and 'loss' arrays (expected Lightning's"
                + " lr_finder.results, torch-lr-finder's history or lrfinder's report.json); "
                + (keys.isEmpty() ? "it is not an object with keys" : "its keys: " + String.join(", ", keys)));
    }

    private static Curve fromArrays(Path file, String source, JsonNode lr, JsonNode loss, String prefix, int steps) {
        if (!lr.isArray() || !loss.isArray()) {
            throw new BadInputException(file + ": '" + prefix + (lr.isArray() ? "loss" : "lr") + "' must be an array of numbers");
        }
        if (lr.size() != loss.size()) {
            throw new BadInputException(file + ": '" + prefix + "lr' has " + lr.size() + " values but '" + prefix + "loss' has "
                    + loss.size() + ": one loss per learning rate");
        }
        if (lr.isEmpty()) {
            throw new BadInputException(file + ": '" + prefix + "lr' is empty: no points to analyze");
        }
        double[] lrs = new double[lr.size()];
        double[] losses = new double[lr.size()];
        for (int i = 0; i < lrs.length; i++) {
            JsonNode x = lr.get(i);
            if (!x.isNumber()) {
                throw new BadInputException(file + ": " + prefix + "lr[" + i + "] = " + x + ": not a number");
            }
            lrs[i] = x.doubleValue();
            JsonNode y = loss.get(i);
            if (y.isNull()) {
                losses[i] = Double.NaN; // lrfinder writes non-finite losses as null
            } else if (y.isNumber()) {
                losses[i] = y.doubleValue();
            } else {
                throw new BadInputException(file + ": " + prefix + "loss[" + i + "] = " + y + ": not a number");
            }
        }
        return new Curve(source, lrs, losses, steps);
    }

    private static List<Curve> csv(Path file, String text) {
        List<String> lines = text.lines().toList();
        int headerLine = 0;
        while (lines.get(headerLine).isBlank()) {
            headerLine++;
        }
        String[] header = split(lines.get(headerLine));
        int lrColumn = -1;
        int lossColumn = -1;
        int runColumn = -1;
        for (int c = 0; c < header.length; c++) {
            switch (header[c].toLowerCase(Locale.ROOT)) {
                case "lr" -> lrColumn = c;
                case "loss" -> lossColumn = c;
                case "run" -> runColumn = c;
                default -> { } // other columns (step, smoothed_loss, ...) are ignored
            }
        }
        if (lrColumn < 0 || lossColumn < 0) {
            throw new BadInputException(file + ": the header '" + lines.get(headerLine).strip() + "' has no '"
                    + (lrColumn < 0 ? "lr" : "loss") + "' column; expected CSV with columns lr and loss (others ignored)");
        }
        Map<String, List<double[]>> runs = new LinkedHashMap<>();
        for (int l = headerLine + 1; l < lines.size(); l++) {
            if (lines.get(l).isBlank()) {
                continue;
            }
            String[] fields = split(lines.get(l));
            int lineNumber = l + 1;
            if (fields.length < header.length) {
                throw new BadInputException(file + " line " + lineNumber + ": " + fields.length + " fields, the header has "
                        + header.length);
            }
            String lrText = fields[lrColumn];
            if (lrText.isEmpty()) {
                throw new BadInputException(file + " line " + lineNumber + ": lr is empty");
            }
            double lr = number(file, lineNumber, "lr", lrText);
            double loss = fields[lossColumn].isEmpty() ? Double.NaN : number(file, lineNumber, "loss", fields[lossColumn]);
            String run = runColumn >= 0 ? fields[runColumn] : "";
            runs.computeIfAbsent(run, k -> new ArrayList<>()).add(new double[] {lr, loss});
        }
        if (runs.isEmpty()) {
            throw new BadInputException(file + ": has a header but no rows");
        }
        List<Curve> curves = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> run : runs.entrySet()) {
            List<double[]> rows = run.getValue();
            double[] lrs = rows.stream().mapToDouble(r -> r[0]).toArray();
            double[] losses = rows.stream().mapToDouble(r -> r[1]).toArray();
            String source = runs.size() == 1 && runColumn < 0 ? file.toString() : file + " run " + run.getKey();
            curves.add(new Curve(source, lrs, losses, 0));
        }
        return curves;
    }

    private static String[] split(String line) {
        String[] fields = line.split(",", -1);
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i].strip();
            if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
                f = f.substring(1, f.length() - 1).strip();
            }
            fields[i] = f;
        }
        return Arrays.copyOf(fields, fields.length);
    }

    /** A number as Java, Python and pandas write it: 0.1, 1e-07, NaN, nan, inf, -inf, Infinity. */
    static double number(Path file, int line, String column, String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new BadInputException(file + " line " + line + ": " + column + " = '" + text + "' is not a number");
        }
    }
}
