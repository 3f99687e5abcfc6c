package dev.lrfinder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.StreamSupport;

/**
 * A cell as the sweep's report shows it: its outcome and, when it ran, its report.json as read back
 * (from the outcome's files, or from its folder when a resumed sweep kept it).
 *
 * @param cell the cell
 * @param status how it ended
 * @param reason why it failed or has no suggestion, else null
 * @param report its report.json, or null when it failed
 * @param wallSeconds how long it took where it ran (NaN for a cell kept from an earlier sweep)
 * @param worker where it ran
 * @param attempt the Spark task attempt that gave it
 * @param resumed whether it was kept from an earlier sweep in the folder ({@code --resume})
 */
record CellResult(SweepCell cell, CellOutcome.Status status, String reason, JsonNode report, double wallSeconds,
        String worker, int attempt, boolean resumed) {

    /** The recommendation's method, or null. */
    String method() {
        return report != null ? report.at("/aggregate/recommendation/method").asText(null) : null;
    }

    /** The recommended rate, or NaN. */
    double lr() {
        return number(report == null ? null : report.at("/aggregate/recommendation/lr"));
    }

    /**
     * What the target's rule multiplies its method's answer by ({@code rule.factor}); 1 when the
     * recommendation fell back to another method, which is taken as it is.
     */
    double factor() {
        JsonNode rule = report.at("/aggregate/recommendation/rule");
        return rule.isMissingNode() || !rule.path("method").asText("").equals(method()) ? 1
                : rule.path("factor").asDouble(1);
    }

    /** The 95% bootstrap interval of the recommendation's geometric mean: [low, high], NaN when absent. */
    double[] interval() {
        if (method() == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        JsonNode ci = report.at("/aggregate/methods/" + method() + "/ci95");
        double factor = factor();
        return new double[] {number(ci.get(0)) * factor, number(ci.get(1)) * factor};
    }

    String confidence() {
        return report != null ? report.at("/aggregate/recommendation/confidence").asText(null) : null;
    }

    /** The batch size the cell's sweeps used. */
    double batchSize() {
        return number(report == null ? null : report.at("/config/batchSize"));
    }

    /**
     * The width of the median curve's sweet spot (where the loss falls, {@code regions.sweetSpot}) in
     * decades of learning rate, or NaN when the loss never falls.
     */
    double goodRangeDecades() {
        JsonNode spot = report == null ? null : report.at("/regions/sweetSpot");
        if (spot == null || spot.isMissingNode() || spot.isNull()) {
            return Double.NaN;
        }
        return Math.log10(number(spot.get("toLr")) / number(spot.get("fromLr")));
    }

    /** Each run's answer under the recommendation's rule: its method's answer times {@link #factor()} (runs without one are left out). */
    double[] runAnswers() {
        if (method() == null) {
            return new double[0];
        }
        double factor = factor(); // read once, not once per run
        return StreamSupport.stream(report.path("runs").spliterator(), false)
                .map(run -> run.at("/suggestions/" + method() + "/lr"))
                .filter(JsonNode::isNumber)
                .mapToDouble(lr -> lr.doubleValue() * factor)
                .toArray();
    }

    private static double number(JsonNode node) {
        return node != null && node.isNumber() ? node.doubleValue() : Double.NaN;
    }
}
