package dev.lrfinder.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams a CSV or TSV file into one feature block: one pass to count lines (an upper bound on
 * the rows, so the block is allocated once), one pass through Jackson's CSV parser writing
 * features straight into the block. Label texts are kept until the end, when the kind and the
 * classes are decided from all of them.
 */
final class CsvReader {
    /** Label column names tried, in this order, when none is given. */
    static final List<String> DEFAULT_LABELS = List.of("label", "target", "y");

    private static final CsvFactory FACTORY = new CsvFactory();
    /** Rows parsed into a heap buffer before one bulk copy into the block. */
    private static final int CHUNK_ROWS = 1024;

    private final Path file;
    private final char separator;
    private final String label;
    private final List<String> features;
    private final Boolean header;
    private final DataKind kind;
    private final DataSchema reference;

    // Set from the first row.
    private List<String> columns;
    private boolean named;
    private int labelColumn;
    private int[] slots;
    private int featureCount;

    // Filled row by row.
    private FeatureBlock block;
    private String[] labels;
    private int[] lines;
    private float[] chunk;
    private int rows;
    private int chunkRows;

    CsvReader(Path file, char separator, String label, List<String> features, Boolean header, DataKind kind, DataSchema reference) {
        this.file = file;
        this.separator = separator;
        this.label = label;
        this.features = features;
        this.header = header;
        this.kind = kind;
        this.reference = reference;
    }

    LoadedData read() {
        long lineBreaks = countLineBreaks();
        try (InputStream in = Inputs.open(file); CsvParser parser = FACTORY.createParser(in)) {
            parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(separator));
            parser.enable(CsvParser.Feature.TRIM_SPACES);
            List<String> first = firstRecord(parser);
            if (first == null) {
                throw DataFileException.of(file, "empty: no header row and no data");
            }
            named = header != null ? header : !allNumbers(first);
            columns = named ? names(first) : positions(first.size());
            chooseColumns();
            long capacity = Math.min(lineBreaks + 1, Integer.MAX_VALUE);
            block = FeatureBlock.allocate((int) capacity, featureCount, file.toString());
            labels = new String[(int) capacity];
            lines = new int[(int) capacity];
            chunk = new float[CHUNK_ROWS * featureCount];
            if (!named) {
                acceptRecord(first, 1);
            }
            readRecords(parser);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw DataFileException.at(file, "line " + line, e.getOriginalMessage());
        } catch (IOException e) {
            throw Inputs.failed(file, e);
        }
        flush();
        if (rows == 0) {
            throw DataFileException.of(file, "no data rows" + (named ? " after the header" : ""));
        }
        String labelName = columns.get(labelColumn);
        String context = file + ", column " + quoted(labelColumn);
        Labels decided = Labels.ofTexts(labels, rows, kind, reference,
                row -> file + " line " + lines[row] + ", column " + quoted(labelColumn), context);
        List<String> featureNames = new ArrayList<>(featureCount);
        for (int c = 0; c < featureCount; c++) {
            featureNames.add(null);
        }
        for (int c = 0; c < slots.length; c++) {
            if (slots[c] >= 0) {
                featureNames.set(slots[c], columns.get(c));
            }
        }
        DataSchema schema = new DataSchema(decided.kind(), new long[] {featureCount}, decided.classNames(), featureNames, labelName);
        FeatureBlock exact = rows == block.rows() ? block : block.slice(0, rows);
        return new LoadedData(exact, decided.targets(), schema, file.toString(), null);
    }

    // The first non-blank record's fields, or null for an empty file.
    private static List<String> firstRecord(CsvParser parser) throws IOException {
        List<String> fields = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != null) {
            if (t == JsonToken.START_ARRAY) {
                fields.clear();
            } else if (t == JsonToken.VALUE_STRING) {
                fields.add(parser.getText());
            } else if (t == JsonToken.END_ARRAY && !(fields.size() == 1 && fields.getFirst().isEmpty())) {
                return fields;
            }
        }
        return null;
    }

    private void readRecords(CsvParser parser) throws IOException {
        int column = 0;
        int line = 0;
        boolean emptyFirst = false; // a blank line reads as one empty field: decided at the second field or the end
        String labelText = null;
        JsonToken t;
        while ((t = parser.nextToken()) != null) {
            switch (t) {
                case START_ARRAY -> {
                    column = 0;
                    labelText = null;
                }
                case VALUE_STRING -> {
                    int length = parser.getTextLength();
                    if (column == 0) {
                        // the token's own line: START_ARRAY's location is still on the line before
                        line = parser.currentTokenLocation().getLineNr();
                        emptyFirst = length == 0;
                    } else if (column == 1 && emptyFirst && slots[0] >= 0) {
                        parse(new char[0], 0, 0, line, 0);
                    }
                    if (column == labelColumn) {
                        labelText = parser.getText();
                    } else if (column < slots.length && slots[column] >= 0 && !(column == 0 && emptyFirst)) {
                        float v = parse(parser.getTextCharacters(), parser.getTextOffset(), length, line, column);
                        chunk[chunkRows * featureCount + slots[column]] = v;
                    }
                    column++;
                }
                case END_ARRAY -> {
                    if (column == 1 && emptyFirst && columns.size() > 1) {
                        continue; // a blank line
                    }
                    checkWidth(column, line);
                    endRecord(labelText, line);
                }
                default -> { }
            }
        }
    }

    private void acceptRecord(List<String> fields, int line) {
        checkWidth(fields.size(), line);
        String labelText = null;
        for (int c = 0; c < fields.size(); c++) {
            char[] text = fields.get(c).toCharArray();
            if (c == labelColumn) {
                labelText = fields.get(c);
            } else if (slots[c] >= 0) {
                chunk[chunkRows * featureCount + slots[c]] = parse(text, 0, text.length, line, c);
            }
        }
        endRecord(labelText, line);
    }

    private void checkWidth(int fields, int line) {
        if (fields != columns.size()) {
            throw DataFileException.at(file, "line " + line, fields + (fields == 1 ? " field" : " fields") + ", but the "
                    + (named ? "header has " : "first row has ") + columns.size());
        }
    }

    private void endRecord(String labelText, int line) {
        if (labelText.isEmpty()) {
            throw DataFileException.at(file, "line " + line + ", column " + quoted(labelColumn), "the label is empty");
        }
        if (rows == labels.length) {
            throw new IllegalStateException(file + ": more rows than line breaks");
        }
        labels[rows] = labelText;
        lines[rows] = line;
        rows++;
        if (++chunkRows == CHUNK_ROWS) {
            flush();
        }
    }

    private void flush() {
        block.floats().put((rows - chunkRows) * featureCount, chunk, 0, chunkRows * featureCount);
        chunkRows = 0;
    }

    private float parse(char[] text, int offset, int length, int line, int column) {
        if (length == 0) {
            throw DataFileException.at(file, "line " + line + ", column " + quoted(column),
                    "an empty field is not a number (fill in or drop missing values first)");
        }
        float v;
        try {
            v = NumberInput.parseFloat(text, offset, length, true);
        } catch (NumberFormatException e) {
            throw DataFileException.at(file, "line " + line + ", column " + quoted(column),
                    "'" + new String(text, offset, length) + "' is not a number");
        }
        if (!Float.isFinite(v)) {
            throw DataFileException.at(file, "line " + line + ", column " + quoted(column),
                    "'" + new String(text, offset, length) + "' is not a finite float32 number");
        }
        return v;
    }

    private void chooseColumns() {
        String wantedLabel = reference != null && !reference.labelName().isEmpty() ? reference.labelName() : label;
        if (wantedLabel != null) {
            labelColumn = columns.indexOf(wantedLabel);
            if (labelColumn < 0) {
                throw DataFileException.at(file, "line 1", "no column '" + wantedLabel + "' for the label"
                        + (reference != null ? " (the training data's label column)" : "") + "; the columns are " + listed());
            }
        } else {
            labelColumn = columns.size() - 1;
            for (String name : DEFAULT_LABELS) {
                for (int c = 0; c < columns.size() && labelColumn == columns.size() - 1; c++) {
                    if (columns.get(c).equalsIgnoreCase(name)) {
                        labelColumn = c;
                    }
                }
            }
        }
        slots = new int[columns.size()];
        Arrays.fill(slots, -1);
        List<String> wanted = reference != null && !reference.featureNames().isEmpty() ? reference.featureNames() : features;
        if (wanted == null) {
            for (int c = 0, slot = 0; c < columns.size(); c++) {
                slots[c] = c == labelColumn ? -1 : slot++;
            }
            featureCount = columns.size() - 1;
            if (featureCount == 0) {
                throw DataFileException.at(file, "line 1", "no feature columns besides the label " + quoted(labelColumn));
            }
            return;
        }
        for (int slot = 0; slot < wanted.size(); slot++) {
            int c = columns.indexOf(wanted.get(slot));
            if (c < 0) {
                throw DataFileException.at(file, "line 1", "no feature column '" + wanted.get(slot) + "'"
                        + (reference != null ? " (a feature of the training data)" : "") + "; the columns are " + listed());
            }
            if (c == labelColumn) {
                throw DataFileException.at(file, "line 1", "column " + quoted(c) + " is the label and cannot also be a feature");
            }
            if (slots[c] >= 0) {
                throw DataFileException.at(file, "line 1", "feature column " + quoted(c) + " is named twice");
            }
            slots[c] = slot;
        }
        featureCount = wanted.size();
    }

    private String quoted(int column) {
        return named ? "'" + columns.get(column) + "'" : Integer.toString(column + 1);
    }

    private String listed() {
        int shown = Math.min(columns.size(), 12);
        String list = String.join(", ", columns.subList(0, shown));
        return columns.size() > shown ? list + ", ... (" + columns.size() + " in all)" : list;
    }

    private static List<String> names(List<String> first) {
        List<String> names = new ArrayList<>(first);
        names.set(0, names.getFirst().replace("\uFEFF", "")); // a byte-order mark some spreadsheets write
        return names;
    }

    private static List<String> positions(int count) {
        List<String> names = new ArrayList<>(count);
        for (int c = 1; c <= count; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    private static boolean allNumbers(List<String> fields) {
        for (String f : fields) {
            try {
                if (f.isEmpty() || !Double.isFinite(Double.parseDouble(f))) {
                    return false;
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    // An upper bound on the records: each ends at a line break or at the end of the file.
    private long countLineBreaks() {
        long count = 0;
        byte[] buffer = new byte[Inputs.BUFFER_BYTES];
        try (InputStream in = Inputs.open(file)) {
            boolean afterCr = false;
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    // \r\n is one break, a lone \r (old Mac files) one too
                    if (b == '\n' ? !afterCr : b == '\r') {
                        count++;
                    }
                    afterCr = b == '\r';
                }
            }
        } catch (IOException e) {
            throw Inputs.failed(file, e);
        }
        return count;
    }
}
