package dev.lrfinder.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Targets from labels as a reader found them (text, integers or reals), with the kind guessed
 * when not given and class names mapped to ids: the classes sorted (integers by value, text as
 * strings, as torchvision sorts class folders), or the training data's ids for validation data.
 *
 * @param targets class ids as floats, or regression values
 * @param kind the kind decided
 * @param classNames class names in id order (empty for regression)
 */
record Labels(float[] targets, DataKind kind, List<String> classNames) {

    /**
     * Labels whose kind was not given are taken for classes only up to this many distinct values:
     * more are much likelier a quantity (prices, counts) than classes. Naming the kind lifts it.
     */
    static final int MAX_GUESSED_CLASSES = 1000;

    /**
     * Labels read as text (a CSV column): classification when all are integers or any is not a
     * number, regression when all are numbers and some are not integers.
     *
     * @param kind the kind asked for, or null to guess
     * @param reference the training data's schema for validation data, or null
     * @param where the location of row {@code i} for messages, e.g. {@code train.csv line 9, column 'y'}
     * @param context the labels as a whole for messages, e.g. {@code train.csv, column 'y'}
     */
    static Labels ofTexts(String[] texts, int n, DataKind kind, DataSchema reference, IntFunction<String> where, String context) {
        DataKind decided = reference != null ? reference.kind() : kind;
        if (decided == null) {
            boolean allIntegers = true;
            boolean allNumbers = true;
            for (int i = 0; i < n && (allIntegers || allNumbers); i++) {
                allIntegers &= integer(texts[i]) != null;
                allNumbers &= allIntegers || number(texts[i]) != null;
            }
            decided = allIntegers || !allNumbers ? DataKind.CLASSIFICATION : DataKind.REGRESSION;
        }
        if (decided == DataKind.REGRESSION) {
            float[] targets = new float[n];
            for (int i = 0; i < n; i++) {
                Double v = number(texts[i]);
                if (v == null) {
                    throw new DataFileException(where.apply(i) + ": '" + texts[i] + "' is not a number (regression targets are numbers)");
                }
                targets[i] = finite(v, i, where);
            }
            return new Labels(targets, decided, List.of());
        }
        String[] names = new String[n];
        boolean allIntegers = true;
        for (int i = 0; i < n; i++) {
            Long v = integer(texts[i]);
            allIntegers &= v != null;
            names[i] = v != null ? Long.toString(v) : texts[i];
        }
        List<String> classes = reference != null ? reference.classNames() : sortedClasses(names, allIntegers);
        return classify(names, classes, reference != null, kind == null, where, context);
    }

    /** Integer labels (a NumPy integer or bool array, IDX labels): classes unless regression is asked for. */
    static Labels ofIntegers(long[] values, DataKind kind, DataSchema reference, IntFunction<String> where, String context) {
        DataKind decided = reference != null ? reference.kind() : kind == null ? DataKind.CLASSIFICATION : kind;
        if (decided == DataKind.REGRESSION) {
            float[] targets = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                targets[i] = values[i];
            }
            return new Labels(targets, decided, List.of());
        }
        String[] names = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            names[i] = Long.toString(values[i]);
        }
        List<String> classes = reference != null ? reference.classNames() : sortedClasses(names, true);
        return classify(names, classes, reference != null, false, where, context);
    }

    /** Real labels (a NumPy float array): regression unless classification is asked for, then integral values only. */
    static Labels ofReals(double[] values, DataKind kind, DataSchema reference, IntFunction<String> where, String context) {
        DataKind decided = reference != null ? reference.kind() : kind == null ? DataKind.REGRESSION : kind;
        if (decided == DataKind.CLASSIFICATION) {
            long[] ids = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                if (values[i] != Math.rint(values[i]) || Math.abs(values[i]) > 1L << 53) {
                    throw new DataFileException(where.apply(i) + ": " + values[i] + " is not an integer class label (kind classification)");
                }
                ids[i] = (long) values[i];
            }
            return ofIntegers(ids, decided, reference, where, context);
        }
        float[] targets = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            targets[i] = finite(values[i], i, where);
        }
        return new Labels(targets, decided, List.of());
    }

    /** {@code text} as an integer (optional sign, digits), or null. */
    static Long integer(String text) {
        String t = text.strip();
        int start = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
        if (t.length() == start || t.length() - start > 18) {
            return null;
        }
        for (int i = start; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(t);
    }

    private static Double number(String text) {
        try {
            return Double.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static float finite(double v, int i, IntFunction<String> where) {
        if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw new DataFileException(where.apply(i) + ": " + v + " is not a finite float32 target");
        }
        return (float) v;
    }

    private static List<String> sortedClasses(String[] names, boolean integers) {
        TreeSet<String> distinct = integers
                ? new TreeSet<>((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)))
                : new TreeSet<>();
        distinct.addAll(Arrays.asList(names));
        return new ArrayList<>(distinct);
    }

    private static Labels classify(String[] names, List<String> classes, boolean fromReference, boolean guessed,
                                   IntFunction<String> where, String context) {
        if (!fromReference) {
            if (guessed && classes.size() > MAX_GUESSED_CLASSES) {
                throw new DataFileException(String.format(Locale.ROOT,
                        "%s: %,d distinct labels, too many to take for classes (at most %,d without naming the kind):"
                                + " name the kind, regression or classification", context, classes.size(), MAX_GUESSED_CLASSES));
            }
            if (classes.size() < 2) {
                throw new DataFileException(context + ": every label is '" + classes.getFirst()
                        + "': classification needs 2 or more classes");
            }
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            ids.put(classes.get(c), c);
        }
        float[] targets = new float[names.length];
        for (int i = 0; i < names.length; i++) {
            Integer id = ids.get(names[i]);
            if (id == null) {
                throw new DataFileException(where.apply(i) + ": class '" + names[i] + "' is not one of the training data's "
                        + classes.size() + " classes (" + preview(classes) + ")");
            }
            targets[i] = id;
        }
        return new Labels(targets, DataKind.CLASSIFICATION, classes);
    }

    private static String preview(List<String> classes) {
        int shown = Math.min(classes.size(), 10);
        String names = String.join(", ", classes.subList(0, shown));
        return classes.size() > shown ? names + ", ..." : names;
    }
}
