package dev.lrfinder.cli;

import dev.lrfinder.base.Named;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What running one cell gave: its report folder's files (made where it ran, written by the sweep's
 * driver), or why it failed. Serializable: a Spark task sends it back to the driver.
 *
 * @param folder the cell's folder name ({@link SweepCell#folder()})
 * @param status whether it ran and answered
 * @param reason why it failed or has no suggestion; null when it answered
 * @param files the cell's report folder, as {@code ReportFolder.files} makes it; empty when it failed
 * @param wallSeconds how long the cell took where it ran, start-up of its backend included
 * @param worker where it ran: {@code in-JVM}, or the Spark executor's host, id and process
 * @param attempt the Spark task attempt that gave it (0: the first), 0 in-JVM
 */
public record CellOutcome(String folder, Status status, String reason, Map<String, byte[]> files, double wallSeconds,
        String worker, int attempt) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A cell's end. */
    public enum Status implements Named {
        /** It ran and recommends a learning rate. */
        OK("ok"),
        /** It ran, but no method answered in any run (find's exit code 3). */
        NO_SUGGESTION("no-suggestion"),
        /** It could not run: bad input for this cell, or an error; nothing is written for it. */
        FAILED("failed");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }
    }

    public CellOutcome {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }
}
