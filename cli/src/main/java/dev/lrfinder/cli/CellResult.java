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
     * The 95% bootstrap interval of the recommendation under its rule (report.json's
     * {@code aggregate.recommendation.ci95}): [low, high], NaN when absent.
     */
    double[] interval() {
        JsonNode ci = report == null ? null : report.at("/aggregate/recommendation/ci95");
        return new double[] {number(ci == null ? null : ci.get(0)), number(ci == null ? null : ci.get(1))};
    }

    /** The range tests' own answer ({@code aggregate.recommendation.rangeTestLr}), or NaN. */
    double rangeTestLr() {
        return number(report == null ? null : report.at("/aggregate/recommendation/rangeTestLr"));
    }

    /**
     * What the line shows around the rate: the verified good range (within 10% of the best fit)
     * when the cell's answer was verified, else the range tests' 95% interval ({@link #interval()}).
     */
    double[] around() {
        JsonNode good = report == null ? null : report.at("/verification/goodRange");
        if (good != null && good.isObject() && report.at("/aggregate/recommendation/verified").asBoolean(false)) {
            return new double[] {number(good.get("from")), number(good.get("to"))};
        }
        return interval();
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

    /** Each run's answer under the recommendation's rule ({@code aggregate.recommendation.runLrs}; runs without one left out). */
    double[] runAnswers() {
        if (report == null) {
            return new double[0];
        }
        return StreamSupport.stream(report.at("/aggregate/recommendation/runLrs").spliterator(), false)
                .filter(JsonNode::isNumber)
                .mapToDouble(JsonNode::doubleValue)
                .toArray();
    }

    private static double number(JsonNode node) {
        return node != null && node.isNumber() ? node.doubleValue() : Double.NaN;
    }
}
