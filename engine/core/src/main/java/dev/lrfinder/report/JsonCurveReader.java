package dev.lrfinder.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JSON side of {@link CurveFiles}: Python's json dumps of Lightning and torch-lr-finder curves, and report.json. */
final class JsonCurveReader {
    /** Deeper than any curve file (report.json is 4 levels); Jackson's own default. */
    static final int MAX_NESTING = 1000;
    /** Far more digits than a double holds (17 significant); Jackson's own default. */
    static final int MAX_DIGITS = 1000;

    private static final JsonMapper JSON = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING)
                            .maxNumberLength(MAX_DIGITS)
                            .build())
                    .build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private JsonCurveReader() {}

    static List<RecordedCurve> read(Path file, String text) {
        JsonNode root = parse(file, text);
        if (root.isObject() && root.path("runs").isArray() && root.has("lrfinder")) {
            int steps = root.path("config").path("steps").asInt(0);
            List<RecordedCurve> curves = new ArrayList<>();
            for (JsonNode run : root.path("runs")) {
                String source = file + " run " + run.path("run").asInt(curves.size() + 1);
                JsonNode curve = run.path("curve");
                curves.add(fromArrays(file, source, curve.path("lr"), curve.path("loss"),
                        "runs[" + curves.size() + "].curve.", steps, RecordedCurve.Losses.RAW));
            }
            if (curves.isEmpty()) {
                throw new CurveFileException(file + ": an lrfinder report with no runs");
            }
            return curves;
        }
        if (root.isObject() && root.has("lr") && root.has("loss")) {
            return List.of(fromArrays(file, file.toString(), root.get("lr"), root.get("loss"), "", 0,
                    RecordedCurve.Losses.SMOOTHED));
        }
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        throw new CurveFileException(file + ": JSON without 'lr' and 'loss' arrays (expected Lightning's"
                + " lr_finder.results, torch-lr-finder's history or lrfinder's report.json); "
                + (keys.isEmpty() ? "it is not an object with keys"
                        : "its keys: " + CurveFiles.excerpt(String.join(", ", keys))));
    }

    /** One document and nothing after it: a second document or stray text is an error, not ignored. */
    private static JsonNode parse(Path file, String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            JsonNode root = JSON.readTree(parser);
            JsonLocation end = parser.currentLocation();
            try {
                if (parser.nextToken() != null) {
                    throw new CurveFileException(file + " line " + parser.currentTokenLocation().getLineNr()
                            + ": more after the JSON document ends; a curve file holds one document");
                }
            } catch (JacksonException e) {
                throw new CurveFileException(file + " line " + end.getLineNr()
                        + ": more after the JSON document ends; a curve file holds one document", e);
            }
            return root;
        } catch (StreamConstraintsException e) {
            // Jackson gives no location here; its message names the limit.
            throw new CurveFileException(file + ": not a curve file ("
                    + e.getOriginalMessage().replaceAll(", from `[^`]*`", "") + ")", e);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new CurveFileException(file + ": not valid JSON (" + CurveFiles.excerpt(e.getOriginalMessage())
                    + (at != null && at.getLineNr() > 0 ? " at line " + at.getLineNr() : "") + ")", e);
        } catch (IOException e) {
            throw new CurveFileException(file + ": cannot be read (" + e.getMessage() + ")", e); // a String never fails to read
        }
    }

    private static RecordedCurve fromArrays(Path file, String source, JsonNode lr, JsonNode loss, String prefix, int steps,
            RecordedCurve.Losses kind) {
        if (!lr.isArray() || !loss.isArray()) {
            throw new CurveFileException(file + ": '" + prefix + (lr.isArray() ? "loss" : "lr")
                    + "' must be an array of numbers");
        }
        if (lr.size() != loss.size()) {
            throw new CurveFileException(file + ": '" + prefix + "lr' has " + lr.size() + " values but '" + prefix
                    + "loss' has " + loss.size() + ": one loss per learning rate");
        }
        if (lr.isEmpty()) {
            throw new CurveFileException(file + ": '" + prefix + "lr' is empty: no points to analyze");
        }
        double[] lrs = new double[lr.size()];
        double[] losses = new double[lr.size()];
        for (int i = 0; i < lrs.length; i++) {
            JsonNode x = lr.get(i);
            if (!x.isNumber()) {
                throw new CurveFileException(file + ": " + prefix + "lr[" + i + "] = " + CurveFiles.excerpt(x.toString())
                        + ": not a number");
            }
            lrs[i] = x.doubleValue();
            JsonNode y = loss.get(i);
            if (y.isNull()) {
                losses[i] = Double.NaN; // lrfinder writes non-finite losses as null
            } else if (y.isNumber()) {
                losses[i] = y.doubleValue();
            } else {
                throw new CurveFileException(file + ": " + prefix + "loss[" + i + "] = "
                        + CurveFiles.excerpt(y.toString()) + ": not a number");
            }
        }
        return new RecordedCurve(source, lrs, losses, steps, kind);
    }
}
