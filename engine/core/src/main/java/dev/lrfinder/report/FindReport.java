package dev.lrfinder.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.lrfinder.analysis.AggregateSummary;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.ConsensusCurve;
import dev.lrfinder.analysis.CurveRegions;
import dev.lrfinder.analysis.Method;
import dev.lrfinder.analysis.MethodStatistics;
import dev.lrfinder.analysis.Recommendation;
import dev.lrfinder.analysis.Suggestion;
import dev.lrfinder.analysis.SearchTrail;
import dev.lrfinder.analysis.Verification;
import dev.lrfinder.data.DataSummary;
import dev.lrfinder.sweep.BackendChoice;
import dev.lrfinder.sweep.SweepResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code report.json}, also what {@code --format json} prints: everything the summary shows, with
 * the config, each run's info and every curve, as ordered JSON. The schema is documented in the
 * README and versioned by {@link #SCHEMA}; field names are lrfinder's file format: add, never rename.
 * JSON has no NaN or infinity: a non-finite number, and an absent one, is written as null.
 */
public final class FindReport {
    /**
     * Raised only when a field is renamed or removed, or changes meaning: 2 since {@code
     * aggregate.recommendation.lr} is the verified rate (the range tests' own is {@code rangeTestLr}).
     */
    public static final int SCHEMA = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(FiniteOrNull.class, new FiniteOrNullSerializer()));

    private FindReport() {}

    /** The report as UTF-8 JSON text ending in a newline. */
    public static byte[] toBytes(ReportContext context, List<AnalyzedRun> runs, AggregateSummary aggregate,
            HeadlineCurve headline, Optional<Verification> verification) {
        try {
            ByteArrayBuilder out = new ByteArrayBuilder(64 * 1024);
            Map<String, Object> root = toMap(context, runs, aggregate, headline);
            @SuppressWarnings("unchecked")
            Map<String, Object> rec = (Map<String, Object>) ((Map<String, Object>) root.get("aggregate")).get("recommendation");
            double rangeTestLr = verification.flatMap(Verification::trail).map(SearchTrail::rangeTestLr)
                    .orElse(aggregate.recommendation().lr());
            rec.put("rangeTestLr", finiteOrNull(rangeTestLr));
            rec.put("verified", verification.filter(Verification::isPresent).isPresent());
            root.put("verification", verification.map(FindReport::verification).orElse(null));
            JSON.writeValue(out, root);
            out.write('\n');
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // maps of strings, numbers and lists always serialise, in memory
        }
    }

    /**
     * The schedule the answer is for and its knobs by torch's names (OneCycle's, or the warm-up),
     * which fits of a rate run under; null without a sweep config (curves analysed from files).
     */
    private static Map<String, Object> trainingSchedule(dev.lrfinder.sweep.SweepConfig config, AggregateSummary aggregate) {
        if (config == null) {
            return null;
        }
        dev.lrfinder.sweep.TrainingSchedule target = aggregate.recommendation().target();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("for", target.id());
        m.putAll(config.scheduleOptions().knobs(target));
        return m;
    }

    public static Map<String, Object> toMap(ReportContext context, List<AnalyzedRun> runs, AggregateSummary aggregate,
            HeadlineCurve headline) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("lrfinder", Version.LRFINDER);
        root.put("schema", SCHEMA);
        root.put("command", context.command());
        root.put("task", context.subject());
        root.put("profile", context.profile());
        root.put("inputs", context.inputs());
        root.put("config", context.config() != null ? RunRecord.config(context.config()) : null);
        root.put("trainingSchedule", trainingSchedule(context.config(), aggregate));
        root.put("data", context.data() != null ? data(context.data()) : null);
        root.put("backend", backend(context.backend()));
        Map<String, Object> analysis = new LinkedHashMap<>();
        analysis.put("pipeline", context.pipeline());
        analysis.put("smoothing", context.smoothing());
        analysis.put("methods", context.methods().stream().map(Method::id).toList());
        analysis.put("defaultMethod", context.defaultMethod().id());
        root.put("analysis", analysis);
        List<Object> runList = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            runList.add(run(i + 1, runs.get(i)));
        }
        root.put("runs", runList);
        root.put("regions", regions(headline));
        root.put("aggregate", aggregate(aggregate));
        return root;
    }

    private static Map<String, Object> backend(BackendChoice choice) {
        if (choice == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requested", choice.requested());
        m.put("chosen", choice.chosen());
        m.put("reason", choice.reason());
        return m;
    }

    private static Map<String, Object> run(int number, AnalyzedRun r) {
        SweepResult sweep = r.sweep();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("run", number);
        run.put("source", r.source());
        run.put("seed", sweep != null ? sweep.config().seed() : null);
        run.put("info", sweep != null ? RunRecord.run(sweep.info()) : null);
        run.put("recordedSteps", r.size());
        run.put("stopReason", sweep != null ? sweep.curve().stopReason().name() : null);
        run.put("pipeline", r.analysis().pipeline());
        run.put("suggestions", suggestions(r.analysis()));
        run.put("notes", r.analysis().notes());
        run.put("analyzedCurve", sweep != null ? sweep.config().curve().id() : null);
        Map<String, Object> curve = new LinkedHashMap<>();
        curve.put("lr", finiteOrNull(r.lrs(), r.size()));
        curve.put("loss", finiteOrNull(r.losses(), r.size()));
        curve.put("smoothedLoss", finiteOrNull(r.analysis().smoothedLosses(), r.size()));
        if (r.hasValidation()) {
            curve.put("trainLoss", finiteOrNull(sweep.curve().losses(), r.size()));
            curve.put("valLoss", finiteOrNull(sweep.curve().validationLosses(), r.size()));
        }
        run.put("curve", curve);
        return run;
    }

    private static Map<String, Object> data(DataSummary d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", d.source());
        m.put("samples", d.samples());
        m.put("sampleShape", d.sampleShape());
        m.put("kind", d.kind().id());
        List<Object> classes = new ArrayList<>();
        for (int c = 0; c < d.classNames().size(); c++) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", c);
            v.put("name", d.classNames().get(c));
            v.put("count", d.classCounts()[c]);
            classes.add(v);
        }
        m.put("classes", classes);
        m.put("label", d.labelName().isEmpty() ? null : d.labelName());
        m.put("features", d.featureNames());
        Map<String, Object> validation = null;
        if (d.validationSource().isPresent()) {
            validation = new LinkedHashMap<>();
            validation.put("source", d.validationSource().get());
            validation.put("samples", d.validationSamples());
        }
        m.put("validation", validation);
        m.put("normalisation", d.normalisation().map(s -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("mean", s.mean());
            v.put("std", s.std());
            v.put("groupSize", s.groupSize());
            return (Object) v;
        }).orElse(null));
        m.put("scaleWarning", d.scaleWarning().orElse(null));
        return m;
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

    private static Map<String, Object> regions(HeadlineCurve h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("curve", h.label());
        CurveRegions r = h.regions();
        if (h.size() == 0) {
            m.put("tooLow", null);
        } else {
            m.put("tooLow", h.hasTooLow() ? span(h.lr(0), h.tooLowToLr()) : null);
        }
        m.put("sweetSpot", r.falls() ? span(h.lr(r.fallStart()), h.lr(r.floorStart())) : null);
        m.put("divergence", r.diverges() ? span(h.lr(r.turnUp()), h.lr(h.size() - 1)) : null);
        return m;
    }

    private static Map<String, Object> span(double fromLr, double toLr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fromLr", fromLr);
        m.put("toLr", toLr);
        return m;
    }

    /** {@code values} padded with nulls to {@code length}, non-finite values as null. */
    private static FiniteOrNull finiteOrNull(double[] values, int length) {
        return new FiniteOrNull(values, length);
    }

    /**
     * A curve's values as JSON numbers, null where not finite or past the end: written straight from
     * the array, since a boxed list of a 1,000,000-point curve would take 24 MB per array.
     */
    private record FiniteOrNull(double[] values, int length) {}

    /**
     * Writes the numbers as {@code Double.toString} does (what Jackson writes too), formatted into one
     * reused buffer: a String per number would be 200 MB of garbage for a 1,000,000-point report.
     */
    private static final class FiniteOrNullSerializer extends StdSerializer<FiniteOrNull> {
        FiniteOrNullSerializer() {
            super(FiniteOrNull.class);
        }

        @Override
        public void serialize(FiniteOrNull array, JsonGenerator out, SerializerProvider provider) throws IOException {
            double[] values = array.values();
            StringBuilder text = new StringBuilder(32);
            char[] chars = new char[32];
            out.writeStartArray(array, array.length());
            for (int i = 0; i < array.length(); i++) {
                if (i < values.length && Double.isFinite(values[i])) {
                    text.setLength(0);
                    text.append(values[i]);
                    text.getChars(0, text.length(), chars, 0);
                    out.writeRawValue(chars, 0, text.length());
                } else {
                    out.writeNull();
                }
            }
            out.writeEndArray();
        }
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
            s.missing().forEach(r -> missing.add(Map.of("run", r.run() + 1, "reason", r.reason())));
            v.put("missing", missing);
            methods.put(s.method().id(), v);
        }
        m.put("methods", methods);
        Recommendation r = a.recommendation();
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("lr", r.isPresent() ? r.lr() : null);
        rec.put("method", r.method().id());
        rec.put("defaultMethod", r.defaultMethod().id());
        rec.put("fallbackReason", r.fallbackReason());
        rec.put("confidence", r.confidence().name());
        rec.put("schedule", r.schedule().name());
        rec.put("oneCyclePeakLr", finiteOrNull(r.oneCyclePeakLr()));
        rec.put("lrMaxAtLeast", finiteOrNull(r.lrMaxAtLeast()));
        rec.put("reasoning", r.reasoning());
        rec.put("target", r.target().id());
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("method", r.rule().method().id());
        rule.put("factor", r.rule().factor());
        rule.put("smoothing", r.rule().smoothing().id());
        rec.put("rule", rule);
        rec.put("runsLow", finiteOrNull(r.runsLow()));
        rec.put("runsHigh", finiteOrNull(r.runsHigh()));
        rec.put("ci95", Arrays.asList(finiteOrNull(r.ciLow()), finiteOrNull(r.ciHigh())));
        rec.put("runLrs", finiteOrNull(r.runLrs(), r.runLrs().length));
        m.put("recommendation", rec);
        ConsensusCurve c = a.consensus();
        Map<String, Object> consensus = new LinkedHashMap<>();
        consensus.put("lr", finiteOrNull(c.lrs(), c.lrs().length));
        consensus.put("median", finiteOrNull(c.median(), c.median().length));
        consensus.put("q1", finiteOrNull(c.q1(), c.q1().length));
        consensus.put("q3", finiteOrNull(c.q3(), c.q3().length));
        consensus.put("coverage", c.coverage());
        consensus.put("analyzedFrom", c.analyzedFrom());
        consensus.put("analyzedTo", c.analyzedTo());
        consensus.put("suggestions", suggestions(c.analysis()));
        m.put("consensus", consensus);
        return m;
    }

    private static Map<String, Object> verification(Verification v) {
        Map<String, Object> m = new LinkedHashMap<>();
        SearchTrail t = v.trail().orElse(null);
        m.put("verified", v.isPresent());
        m.put("unverifiedReason", t != null ? t.unverifiedWhy() : null);
        m.put("schedule", v.schedule().id());
        m.put("steps", v.steps());
        m.put("validation", v.validation());
        List<Object> candidates = new ArrayList<>();
        for (int i = 0; i < v.candidates().length; i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("lr", v.candidates()[i]);
            c.put("validationLoss", finiteOrNull(v.validationLosses()[i]));
            c.put("diverged", !Double.isFinite(v.validationLosses()[i]));
            candidates.add(c);
        }
        m.put("candidates", candidates);
        m.put("verifiedLr", finiteOrNull(v.verifiedLr()));
        Map<String, Object> good = null;
        if (v.isPresent()) {
            good = new LinkedHashMap<>();
            good.put("from", v.goodFrom());
            good.put("to", v.goodTo());
            good.put("openBelow", v.openBelow());
            good.put("openAbove", v.openAbove());
            if (t != null) {
                good.put("steps", t.goodRangeSteps());
                good.put("openBelowReason", t.openBelowWhy());
                good.put("openAboveReason", t.openAboveWhy());
            }
        }
        m.put("goodRange", good);
        m.put("tolerance", Verification.GOOD_RANGE_TOLERANCE);
        m.put("wallTimeSeconds", v.seconds());
        if (t != null) {
            m.put("rangeTestLr", finiteOrNull(t.rangeTestLr()));
            Map<String, Object> horizon = new LinkedHashMap<>();
            horizon.put("trainSteps", t.trainSteps());
            horizon.put("fitSteps", v.steps());
            horizon.put("shortSteps", t.shortSteps());
            horizon.put("shortBestLr", finiteOrNull(t.shortBestLr()));
            horizon.put("fitBestLr", finiteOrNull(t.fitBestLr()));
            horizon.put("shiftDecades", t.horizonShiftDecades());
            horizon.put("how", t.horizon());
            m.put("horizon", horizon);
            List<Object> fits = new ArrayList<>();
            for (SearchTrail.Fit f : t.fits()) {
                Map<String, Object> fit = new LinkedHashMap<>();
                fit.put("lr", f.lr());
                fit.put("steps", f.steps());
                fit.put("stage", f.stage());
                fit.put("validationLoss", finiteOrNull(f.validationLoss()));
                fits.add(fit);
            }
            m.put("fits", fits);
            Map<String, Object> cost = new LinkedHashMap<>();
            cost.put("fits", t.fits().size());
            cost.put("steps", t.stepsSpent());
            cost.put("budgetSteps", t.budgetSteps());
            cost.put("wallTimeSeconds", v.seconds());
            m.put("cost", cost);
        }
        return m;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
