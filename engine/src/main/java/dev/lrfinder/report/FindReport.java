package dev.lrfinder.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.Method;
import dev.lrfinder.analysis.MethodStatistics;
import dev.lrfinder.analysis.Recommendation;
import dev.lrfinder.analysis.Suggestion;
import dev.lrfinder.sweep.SweepResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json}: everything a {@code find} printed, with the config and run info of every
 * run, as ordered JSON. Per run, {@code suggestions} is an object keyed by method id whose values
 * hold {@code lr} (null when none), {@code index} and {@code reason}; {@code aggregate} holds the
 * per-method statistics and the {@code recommendation}. Field names are lrfinder's file format:
 * add, never rename.
 */
public final class FindReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FindReport() {}

    /** Writes the report atomically. */
    public static void write(
            Path file, String task, List<SweepResult> runs, List<AnalysisResult> analyses, AggregateSummary aggregate)
            throws IOException {
        Map<String, Object> root = toMap(task, runs, analyses, aggregate);
        AtomicFiles.write(file, out -> {
            JSON.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, root);
            out.write('\n');
        });
    }

    public static Map<String, Object> toMap(
            String task, List<SweepResult> runs, List<AnalysisResult> analyses, AggregateSummary aggregate) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("lrfinder", Version.LRFINDER);
        root.put("task", task);
        root.put("config", RunRecord.config(runs.get(0).config()));
        List<Object> runList = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            SweepResult r = runs.get(i);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("run", i + 1);
            run.put("seed", r.config().seed());
            run.put("info", RunRecord.run(r.info()));
            run.put("recordedSteps", r.curve().size());
            run.put("stopReason", r.curve().stopReason().name());
            run.put("suggestions", suggestions(analyses.get(i)));
            run.put("curve", curve(analyses.get(i)));
            runList.add(run);
        }
        root.put("runs", runList);
        root.put("aggregate", aggregate(aggregate));
        return root;
    }

    private static Map<String, Object> suggestions(AnalysisResult analysis) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<Method, Suggestion> e : analysis.suggestions().entrySet()) {
            Suggestion s = e.getValue();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("lr", s.isPresent() ? s.lr() : null);
            v.put("index", s.isPresent() ? s.index() : null);
            v.put("reason", s.reason());
            m.put(e.getKey().id(), v);
        }
        return m;
    }

    private static Map<String, Object> curve(AnalysisResult analysis) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", analysis.lrs());
        m.put("loss", finiteOrNull(analysis.rawLosses()));
        m.put("smoothedLoss", finiteOrNull(analysis.smoothedLosses()));
        return m;
    }

    /** JSON has no NaN or infinity: a non-finite loss is written as null. */
    private static List<Double> finiteOrNull(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(Double.isFinite(v) ? v : null);
        }
        return out;
    }

    private static Map<String, Object> aggregate(AggregateSummary a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", a.runs());
        Map<String, Object> methods = new LinkedHashMap<>();
        for (MethodStatistics s : a.methods().values()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("suggested", s.suggested());
            v.put("mean", finiteOrNull(s.mean()));
            v.put("median", finiteOrNull(s.median()));
            v.put("geometricMean", finiteOrNull(s.geometricMean()));
            v.put("geometricSd", finiteOrNull(s.geometricSd()));
            v.put("min", finiteOrNull(s.min()));
            v.put("max", finiteOrNull(s.max()));
            v.put("range", finiteOrNull(s.range()));
            v.put("ci95", Arrays.asList(finiteOrNull(s.ciLow()), finiteOrNull(s.ciHigh())));
            v.put("confidence", s.confidence().name());
            List<Object> missing = new ArrayList<>();
            s.missing().forEach(r -> missing.add(Map.of("run", r.run(), "reason", r.reason())));
            v.put("missing", missing);
            methods.put(s.method().id(), v);
        }
        m.put("methods", methods);
        Recommendation r = a.recommendation();
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("lr", r.isPresent() ? r.lr() : null);
        rec.put("method", r.method().id());
        rec.put("confidence", r.confidence().name());
        rec.put("schedule", r.schedule().name());
        rec.put("oneCyclePeakLr", finiteOrNull(r.oneCyclePeakLr()));
        rec.put("reasoning", r.reasoning());
        m.put("recommendation", rec);
        return m;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
