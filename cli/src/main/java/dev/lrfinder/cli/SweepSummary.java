package dev.lrfinder.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.lrfinder.analysis.PowerLawFit;
import dev.lrfinder.plot.ScalingPlot;
import dev.lrfinder.report.Version;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * The sweep's own files from its cells: {@code report.json} (every cell with its full report),
 * {@code cells.csv} (one row per cell), and per group of cells that differ only in batch size a
 * scaling plot with the fitted power law; and the lines the summary prints.
 *
 * <p><b>Scaling.</b> Cells are grouped by every axis but {@code batch-size} (with axes model,
 * optimizer and batch size: per model and optimizer). Each run's answer of its cell's recommended
 * method is a point (batch size, lr) and {@link PowerLawFit} fits {@code lr ~ B^a} to them with a 95%
 * interval; the linear rule ({@code a = 1}) and the square-root rule ({@code a = 0.5}) are
 * "admitted" when the interval contains them.
 *
 * <p><b>Widest good range.</b> A cell's good range is the width, in decades of learning rate, of its
 * median curve's sweet spot: from where the loss has fallen by a tenth of its drop to where it comes
 * within the divergence tolerance of its minimum ({@code regions.sweetSpot} of the cell's report, see
 * {@code CurveRegions}). It says how far the rate can be off and still train fast. Per optimizer the
 * median over its cells; the widest is the optimizer with the largest median.
 */
final class SweepSummary {
    static final String BATCH_AXIS = "batch-size";
    static final String OPTIMIZER_AXIS = "optimizer";
    static final String GOOD_RANGE_DEFINITION = "the width in decades of lr of each cell's median-curve sweet spot"
            + " (regions.sweetSpot: from where the smoothed loss has fallen by 10% of its drop to where it is within the"
            + " divergence tolerance of its minimum), the median over the optimizer's cells that ran";
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9.+-]+");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One group's fit, for the report and the plot. */
    record Scaling(Map<String, String> group, String file, PowerLawFit fit, List<String> cells) {}

    private final SweepGrid grid;
    private final List<CellResult> cells;
    private final String engine;
    private final double engineStartSeconds;
    private final double wallSeconds;
    private final List<Scaling> scaling = new ArrayList<>();
    private final Map<String, byte[]> plots = new LinkedHashMap<>();
    private final Map<String, Double> goodRange = new LinkedHashMap<>();
    private final Map<String, Integer> goodRangeCells = new LinkedHashMap<>();

    /**
     * @param engineStartSeconds how long the engine took to start (a Spark context: its scheduler, and
     *     on a cluster its executors' registration begins after it)
     * @param wallSeconds the engine's start and every cell, up to the last outcome
     */
    SweepSummary(SweepGrid grid, List<CellResult> cells, String engine, double engineStartSeconds, double wallSeconds) {
        this.grid = grid;
        this.cells = List.copyOf(cells);
        this.engine = engine;
        this.engineStartSeconds = engineStartSeconds;
        this.wallSeconds = wallSeconds;
        fitScaling();
        rankGoodRange();
    }

    private List<String> axisNames() {
        return grid.axes().stream().map(SweepGrid.Axis::name).toList();
    }

    private void fitScaling() {
        if (!axisNames().contains(BATCH_AXIS)) {
            return;
        }
        Map<Map<String, String>, List<CellResult>> groups = new LinkedHashMap<>();
        for (CellResult c : cells) {
            Map<String, String> key = new LinkedHashMap<>(c.cell().axes());
            key.remove(BATCH_AXIS);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<Map<String, String>, List<CellResult>> g : groups.entrySet()) {
            List<Double> runB = new ArrayList<>();
            List<Double> runLr = new ArrayList<>();
            List<Double> cellB = new ArrayList<>();
            List<Double> cellLr = new ArrayList<>();
            List<String> used = new ArrayList<>();
            for (CellResult c : g.getValue()) {
                if (c.status() != CellOutcome.Status.OK) {
                    continue;
                }
                double b = c.batchSize();
                for (double lr : c.runAnswers()) {
                    runB.add(b);
                    runLr.add(lr);
                }
                cellB.add(b);
                cellLr.add(c.lr());
                used.add(c.cell().folder());
            }
            if (cellB.stream().distinct().count() < 2) {
                continue; // no slope from one batch size
            }
            PowerLawFit fit = PowerLawFit.fit(array(runB), array(runLr));
            String label = g.getKey().isEmpty() ? "all cells" : String.join(", ", g.getKey().values());
            String file = "scaling" + (g.getKey().isEmpty() ? "" : "-" + UNSAFE.matcher(String.join("_",
                    g.getKey().values())).replaceAll("-"));
            scaling.add(new Scaling(g.getKey(), file, fit, used));
            for (Map.Entry<String, byte[]> plot : ScalingPlot.render(label + ": " + verdictLine(fit), array(runB),
                    array(runLr), array(cellB), array(cellLr), fit).entrySet()) {
                plots.put(file + "." + plot.getKey(), plot.getValue());
            }
        }
    }

    private void rankGoodRange() {
        Map<String, List<Double>> byOptimizer = new LinkedHashMap<>();
        for (CellResult c : cells) {
            double width = c.goodRangeDecades();
            if (c.report() != null && Double.isFinite(width)) {
                String optimizer = c.cell().axes().getOrDefault(OPTIMIZER_AXIS,
                        c.report().at("/config/optimizer/kind").asText("all"));
                byOptimizer.computeIfAbsent(optimizer, k -> new ArrayList<>()).add(width);
            }
        }
        for (Map.Entry<String, List<Double>> e : byOptimizer.entrySet()) {
            double[] widths = array(e.getValue());
            goodRange.put(e.getKey(), new Median().evaluate(widths));
            goodRangeCells.put(e.getKey(), widths.length);
        }
    }

    /** The optimizer with the widest good range, or null when no cell ran. */
    String widest() {
        return goodRange.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    List<Scaling> scaling() {
        return scaling;
    }

    static String verdictLine(PowerLawFit fit) {
        String line = "lr ~ B^" + fmt(fit.exponent());
        if (!Double.isFinite(fit.ciLow())) {
            return line + " (2 points: no interval)";
        }
        return line + ", 95% [" + fmt(fit.ciLow()) + ", " + fmt(fit.ciHigh()) + "]; linear rule "
                + (fit.admits(PowerLawFit.LINEAR_RULE) ? "admitted" : "rejected") + ", square-root rule "
                + (fit.admits(PowerLawFit.SQUARE_ROOT_RULE) ? "admitted" : "rejected");
    }

    /** report.json, cells.csv and the scaling plots. */
    Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(SweepFolder.REPORT, json());
        files.put(SweepFolder.TABLE, csv());
        files.putAll(plots);
        return files;
    }

    private byte[] json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("lrfinder", Version.LRFINDER);
        root.put("command", "sweep");
        root.put("engine", engine);
        root.put("wallSeconds", wallSeconds);
        root.put("engineStartSeconds", engineStartSeconds);
        Map<String, Object> axes = new LinkedHashMap<>();
        grid.axes().forEach(a -> axes.put(a.name(), a.values()));
        root.put("axes", axes);
        root.put("fixed", grid.fixed());
        root.put("counts", counts());
        List<Object> list = new ArrayList<>();
        for (CellResult c : cells) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("folder", "cells/" + c.cell().folder());
            m.put("axes", c.cell().axes());
            m.put("args", c.cell().args());
            m.put("status", c.status().id());
            m.put("reason", c.reason());
            m.put("resumed", c.resumed());
            m.put("wallSeconds", finite(c.wallSeconds()));
            m.put("worker", c.worker());
            m.put("attempt", c.attempt());
            m.put("lr", finite(c.lr()));
            m.put("rangeTestLr", finite(c.rangeTestLr()));
            m.put("ci95", Arrays.stream(c.interval()).mapToObj(SweepSummary::finite).toList());
            m.put("method", c.method());
            m.put("confidence", c.confidence());
            m.put("goodRangeDecades", finite(c.goodRangeDecades()));
            m.put("report", c.report());
            list.add(m);
        }
        root.put("cells", list);
        List<Object> fits = new ArrayList<>();
        for (Scaling s : scaling) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", s.group());
            m.put("points", s.fit().points());
            m.put("batchSizes", s.fit().batchSizes());
            m.put("exponent", s.fit().exponent());
            m.put("ci95", Arrays.asList(finite(s.fit().ciLow()), finite(s.fit().ciHigh())));
            m.put("coefficient", s.fit().coefficient());
            boolean interval = Double.isFinite(s.fit().ciLow());
            m.put("linearRule", interval ? (s.fit().admits(PowerLawFit.LINEAR_RULE) ? "admitted" : "rejected") : null);
            m.put("squareRootRule", interval ? (s.fit().admits(PowerLawFit.SQUARE_ROOT_RULE) ? "admitted" : "rejected") : null);
            m.put("plot", s.file() + ".png");
            m.put("cells", s.cells());
            fits.add(m);
        }
        root.put("scaling", fits);
        Map<String, Object> good = new LinkedHashMap<>();
        good.put("definition", GOOD_RANGE_DEFINITION);
        Map<String, Object> per = new LinkedHashMap<>();
        goodRange.forEach((k, v) -> per.put(k, Map.of("medianDecades", v, "cells", goodRangeCells.get(k))));
        good.put("byOptimizer", per);
        good.put("widest", widest());
        root.put("goodRange", good);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (CellOutcome.Status s : CellOutcome.Status.values()) {
            m.put(s.id(), (int) cells.stream().filter(c -> c.status() == s).count());
        }
        m.put("resumed", (int) cells.stream().filter(CellResult::resumed).count());
        return m;
    }

    private byte[] csv() {
        CsvSchema.Builder schema = CsvSchema.builder().addColumn("cell");
        axisNames().forEach(schema::addColumn);
        for (String c : List.of("status", "lr", "ci_low", "ci_high", "method", "confidence", "good_range_decades",
                "wall_s", "worker", "attempt", "reason")) {
            schema.addColumn(c);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CellResult c : cells) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cell", c.cell().folder());
            row.putAll(c.cell().axes());
            row.put("status", c.status().id());
            row.put("lr", num(c.lr()));
            row.put("ci_low", num(c.interval()[0]));
            row.put("ci_high", num(c.interval()[1]));
            row.put("method", c.method());
            row.put("confidence", c.confidence());
            row.put("good_range_decades", num(c.goodRangeDecades()));
            row.put("wall_s", num(c.wallSeconds()));
            row.put("worker", c.worker());
            row.put("attempt", c.attempt());
            row.put("reason", c.reason());
            rows.add(row);
        }
        try {
            return new CsvMapper().writer(schema.build().withHeader()).writeValueAsString(rows)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The summary's lines: one per cell, then the fits and the widest good range. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        int width = cells.stream().mapToInt(c -> c.cell().folder().length()).max().orElse(4);
        for (CellResult c : cells) {
            double[] ci = c.around();
            String what = switch (c.status()) {
                case OK -> String.format(Locale.ROOT, "lr %-9s [%s, %s] %-6s", sig(c.lr()), sig(ci[0]), sig(ci[1]),
                        c.confidence().toLowerCase(Locale.ROOT));
                case NO_SUGGESTION, FAILED -> c.status().id() + ": " + c.reason();
            };
            lines.add(String.format(Locale.ROOT, "%-" + width + "s  %s%s", c.cell().folder(), what,
                    c.resumed() ? "  (kept from the earlier sweep)" : ""));
        }
        lines.add("");
        for (Scaling s : scaling) {
            lines.add((s.group().isEmpty() ? "all cells" : String.join(", ", s.group().values())) + ": "
                    + verdictLine(s.fit()) + " (" + s.fit().points() + " runs' answers, " + s.fit().batchSizes()
                    + " batch sizes)");
        }
        if (!axisNames().contains(BATCH_AXIS)) {
            lines.add("no batch-size axis: no scaling fit");
        }
        String widest = widest();
        if (widest != null) {
            List<String> parts = new ArrayList<>();
            goodRange.forEach((k, v) -> parts.add(k + " " + fmt(v)));
            lines.add("widest good range (median sweet-spot width, decades of lr): " + widest + " ("
                    + String.join(", ", parts) + ")");
        }
        Map<String, Integer> n = counts();
        lines.add(String.format(Locale.ROOT, "%d cells: %d ok, %d without a suggestion, %d failed, %d kept from an"
                        + " earlier sweep; %s, %.1f s", cells.size(), n.get("ok"), n.get("no-suggestion"),
                n.get("failed"), n.get("resumed"), engine, wallSeconds));
        return lines;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    private static String sig(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : "-";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
