package dev.lrfinder.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.RunInfo;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON record of one sweep: how it ran ({@code run}), what it was asked ({@code config}) and
 * how it ended. The curve itself goes to the CSV next to it. Field names are part of lrfinder's
 * file format: add, never rename.
 */
public final class RunRecord {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunRecord() {}

    /** Writes the record of {@code result} to {@code file}, atomically. */
    public static void write(Path file, SweepResult result) throws IOException {
        AtomicFiles.write(file, out -> out.write(toBytes(result)));
    }

    /** The record as JSON text, ending in a newline. */
    public static byte[] toBytes(SweepResult result) {
        try {
            return (JSON.writeValueAsString(toMap(result)) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a run record is plain maps and numbers: " + e.getMessage(), e);
        }
    }

    /** The record as ordered maps, ready for any JSON writer. */
    public static Map<String, Object> toMap(SweepResult result) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("lrfinder", Version.LRFINDER);
        root.put("run", run(result.info()));
        root.put("config", config(result.config()));
        root.put("recordedSteps", result.curve().size());
        root.put("stopReason", result.curve().stopReason().name());
        return root;
    }

    static Map<String, Object> run(RunInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", info.backend());
        m.put("engine", info.engine());
        m.put("engineVersion", info.engineVersion());
        m.put("binding", info.bindingVersion());
        m.put("device", info.device());
        m.put("threads", info.threads());
        m.put("seed", info.seed());
        m.put("task", info.task());
        m.put("startedAt", info.startedAt().toString());
        m.put("wallTimeSeconds", info.wallTimeSeconds());
        m.put("stepsPerSecond", info.stepsPerSecond());
        Map<String, Object> stepMillis = new LinkedHashMap<>();
        stepMillis.put("median", finiteOrNull(info.stepMillis().median()));
        stepMillis.put("p90", finiteOrNull(info.stepMillis().p90()));
        stepMillis.put("max", finiteOrNull(info.stepMillis().max()));
        m.put("stepMillis", stepMillis);
        m.put("stopReason", info.stopReason().name());
        return m;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static Map<String, Object> config(SweepConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lrMin", c.lrMin());
        m.put("lrMax", c.lrMax());
        m.put("steps", c.steps());
        m.put("schedule", c.schedule().id());
        m.put("seed", c.seed());
        m.put("divergence", c.divergence().id());
        m.put("batchSize", c.batchSize());
        OptimizerSpec o = c.optimizer();
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("kind", o.kind().id());
        optimizer.putAll(o.hyperParameters());
        m.put("optimizer", optimizer);
        if (c.loss().kind() != null) { // null: a user's own loss from Java
            m.put("loss", c.loss().toMap());
        }
        m.put("accumulate", c.accumulate());
        m.put("threads", c.threads());
        m.put("lossReadInterval", c.lossReadInterval());
        m.put("validationLoss", c.validationLoss());
        m.put("validationBatches", c.validationBatches());
        m.put("curve", c.curve().id());
        m.put("precision", c.precision().id());
        return m;
    }
}
