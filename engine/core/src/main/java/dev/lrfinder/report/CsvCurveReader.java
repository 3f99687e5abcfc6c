package dev.lrfinder.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The CSV side of {@link CurveFiles}: a header naming lr and loss, then a row per point. */
final class CsvCurveReader {
    private static final CsvMapper CSV = new CsvMapper();
    /** Separators a header may use: the comma, and the semicolon of spreadsheets whose decimal mark is a comma. */
    private static final char[] SEPARATORS = {',', ';'};

    private CsvCurveReader() {}

    /**
     * Reads the curves row by row as the parser hands them over: only the numbers are kept, so a
     * curve of millions of points costs its two arrays, not a String per field.
     */
    static List<RecordedCurve> read(Path file, String text) {
        char separator = separator(text);
        boolean endsInNewline = text.endsWith("\n") || text.endsWith("\r");
        Map<String, Points> runs = new LinkedHashMap<>();
        String[] header = null;
        int lrColumn = -1;
        int lossColumn = -1;
        int runColumn = -1;
        boolean lrfinderColumns = false;
        int needed = 0;
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY)
                .with(CsvParser.Feature.SKIP_EMPTY_LINES)
                .with(CsvParser.Feature.TRIM_SPACES)
                .with(CsvSchema.emptySchema().withColumnSeparator(separator))
                .readValues(text)) {
            while (it.hasNextValue()) {
                String[] fields = it.nextValue();
                if (isBlank(fields)) {
                    continue;
                }
                int line = it.getParser().currentTokenLocation().getLineNr();
                if (header == null) {
                    header = fields;
                    for (int c = header.length - 1; c >= 0; c--) { // backwards: the first of a repeated name wins
                        switch (header[c].toLowerCase(Locale.ROOT)) {
                            case "lr" -> lrColumn = c;
                            case "loss" -> lossColumn = c;
                            case "run" -> runColumn = c;
                            case "step", "smoothed_loss" -> lrfinderColumns = true;
                            default -> { } // other columns (step, smoothed_loss, a pandas index ...) are ignored
                        }
                    }
                    if (lrColumn < 0 || lossColumn < 0) {
                        throw new CurveFileException(file + ": the header '"
                                + CurveFiles.excerpt(String.join(String.valueOf(separator), header)) + "' has no '"
                                + (lrColumn < 0 ? "lr" : "loss") + "' column; expected CSV with columns lr and loss (others ignored)");
                    }
                    needed = Math.max(lrColumn, Math.max(lossColumn, runColumn)) + 1;
                    continue;
                }
                if (fields.length < needed) {
                    boolean cut = !endsInNewline && !it.hasNextValue();
                    throw new CurveFileException(file + " line " + line + ": " + fields.length
                            + (fields.length == 1 ? " field" : " fields") + ", the header has " + header.length
                            + (cut ? " (the last line is cut short)" : ""));
                }
                String lrText = fields[lrColumn];
                if (lrText.isEmpty()) {
                    throw new CurveFileException(file + " line " + line + ": lr is empty");
                }
                double lr = number(file, line, "lr", lrText, separator);
                double loss = fields[lossColumn].isEmpty() ? Double.NaN : number(file, line, "loss", fields[lossColumn], separator);
                runs.computeIfAbsent(runColumn >= 0 ? fields[runColumn] : "", k -> new Points()).add(lr, loss);
            }
        } catch (JacksonException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNr() : -1;
            throw new CurveFileException(file + (line > 0 ? " line " + line : "") + ": not valid CSV ("
                    + CurveFiles.excerpt(e.getOriginalMessage()) + ")", e);
        } catch (IOException e) {
            throw new CurveFileException(file + ": cannot be read (" + e.getMessage() + ")", e); // a String never fails to read
        }
        if (header == null) {
            throw new CurveFileException(file + ": is empty (no header line)");
        }
        if (runs.isEmpty()) {
            throw new CurveFileException(file + ": has a header but no rows");
        }
        // lrfinder's own CSVs (curves.csv, run-N.csv) name a step or smoothed_loss column, and hold raw losses.
        RecordedCurve.Losses kind = lrfinderColumns || runColumn >= 0 ? RecordedCurve.Losses.RAW
                : RecordedCurve.Losses.UNSTATED;
        List<RecordedCurve> curves = new ArrayList<>();
        for (Map.Entry<String, Points> run : runs.entrySet()) {
            String source = runs.size() == 1 && runColumn < 0 ? file.toString() : file + " run " + run.getKey();
            curves.add(new RecordedCurve(source, run.getValue().lrs(), run.getValue().losses(), 0, kind));
        }
        return curves;
    }

    /** One run's points as they are read, in arrays that double when full. */
    private static final class Points {
        private double[] lrs = new double[1024];
        private double[] losses = new double[1024];
        private int size;

        void add(double lr, double loss) {
            if (size == lrs.length) {
                lrs = Arrays.copyOf(lrs, size * 2);
                losses = Arrays.copyOf(losses, size * 2);
            }
            lrs[size] = lr;
            losses[size++] = loss;
        }

        double[] lrs() {
            return Arrays.copyOf(lrs, size);
        }

        double[] losses() {
            return Arrays.copyOf(losses, size);
        }
    }

    /** The separator the header uses most (outside quotes); a comma when it uses none. */
    static char separator(String text) {
        String header = text.stripLeading().lines().findFirst().orElse("");
        char best = SEPARATORS[0];
        int bestCount = 0;
        for (char candidate : SEPARATORS) {
            int count = 0;
            boolean quoted = false;
            for (int i = 0; i < header.length(); i++) {
                char c = header.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == candidate && !quoted) {
                    count++;
                }
            }
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }

    private static boolean isBlank(String[] row) {
        for (String field : row) {
            if (!field.isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** A number as Java, Python, pandas and spreadsheets write it: 0.1, 1e-07, NaN, nan, inf, -inf, Infinity. */
    static double number(Path file, int line, String column, String text, char separator) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "nan", "+nan", "-nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        String decimal = separator == ';' && text.indexOf('.') < 0 ? text.replace(',', '.') : text;
        try {
            // parseDouble also takes Java's 1.0f, 0x1p3 and surrounding blanks; harmless for numbers in a file.
            return Double.parseDouble(decimal);
        } catch (NumberFormatException e) {
            throw new CurveFileException(file + " line " + line + ": " + column + " = '" + CurveFiles.excerpt(text)
                    + "' is not a number", e);
        }
    }
}
