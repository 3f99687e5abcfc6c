package dev.lrfinder.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrfinder.report.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The evidence's measured numbers by key (a fit's validation loss, a range test's curve), kept in a
 * JSON file so that a second run of the evidence, to tune the rules, re-reads instead of re-training.
 * Infinite losses are stored as the string "inf".
 */
final class FitCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Map<String, Object> values;
    /** New entries since the last save: the file is rewritten every {@link #SAVE_EVERY}, so a stopped run keeps its fits. */
    private int unsaved;
    private static final int SAVE_EVERY = 40;

    private FitCache(Path file, Map<String, Object> values) {
        this.file = file;
        this.values = values;
    }

    static FitCache open(Path file) throws IOException {
        Map<String, Object> values = new TreeMap<>();
        if (Files.exists(file)) {
            values.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {}));
        }
        return new FitCache(file, values);
    }

    synchronized Double loss(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        return v instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY;
    }

    synchronized void putLoss(String key, double loss) {
        values.put(key, Double.isFinite(loss) ? (Object) loss : "inf");
        if (++unsaved >= SAVE_EVERY) {
            save();
        }
    }

    @SuppressWarnings("unchecked")
    synchronized double[][] curve(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        Map<String, java.util.List<Object>> m = (Map<String, java.util.List<Object>>) v;
        return new double[][] {toArray(m.get("lr")), toArray(m.get("loss"))};
    }

    synchronized void putCurve(String key, double[] lrs, double[] losses) {
        java.util.List<Object> l = new java.util.ArrayList<>();
        java.util.List<Object> r = new java.util.ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            l.add(Double.isFinite(losses[i]) ? (Object) losses[i] : "inf");
            r.add(lrs[i]);
        }
        values.put(key, Map.of("lr", r, "loss", l));
    }

    private static double[] toArray(java.util.List<Object> list) {
        double[] a = new double[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i) instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY;
        }
        return a;
    }

    synchronized void save() {
        unsaved = 0;
        try {
            AtomicFiles.writeString(file, JSON.writeValueAsString(values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
