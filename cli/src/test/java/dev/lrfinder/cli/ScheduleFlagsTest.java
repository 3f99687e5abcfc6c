package dev.lrfinder.cli;

import static dev.lrfinder.cli.Cli.lrfinder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --for} schedule's knobs on find's command line: checked as typed, and recorded in report.json. */
class ScheduleFlagsTest {
    private static final String[] SMALL = {"find", "--backend", "djl", "--task", "blobs", "--samples", "256",
        "--widths", "16", "--steps", "30", "--runs", "1"};

    @TempDir
    Path dir;

    private static Cli.Run find(String... more) {
        return lrfinder(Stream.concat(Stream.of(SMALL), Stream.of(more)).toArray(String[]::new));
    }

    @Test
    void badKnobsAreOneLineNamingTheOptionAsTypedAndExitTwo() {
        String[][] cases = {
            {"--pct-start", "1.5"}, {"--pct-start", "abc"}, {"--div-factor", "0"}, {"--final-div-factor", "-1e4"},
            {"--base-momentum", "1"}, {"--max-momentum", "-0.1"}, {"--for", "constant", "--warmup-steps", "ten"},
            {"--warmup-steps", "100%", "--for", "cosine"}, {"--for", "cosine", "--pct-start", "0.25"},
            {"--for", "constant", "--no-cycle-momentum"}, {"--warmup-steps", "10"},
            {"--no-cycle-momentum", "--base-momentum", "0.8"}};
        String[] expected = {
            "lrfinder: --pct-start = 1.5: must be a number in [0, 1]",
            "lrfinder: --pct-start = abc: must be a number in [0, 1]",
            "lrfinder: --div-factor = 0: must be a finite number > 0",
            "lrfinder: --final-div-factor = -1e4: must be a finite number > 0",
            "lrfinder: --base-momentum = 1: must be a number in [0, 1)",
            "lrfinder: --max-momentum = -0.1: must be a number in [0, 1)",
            "lrfinder: --warmup-steps = ten: must be a whole number of steps >= 0, or a share of the steps such as 10%",
            "lrfinder: --warmup-steps = 100%: must be a whole number of steps >= 0, or a share",
            "lrfinder: --pct-start = 0.25: only for --for onecycle (the rate is for cosine; its warm-up is --warmup-steps)",
            "lrfinder: --no-cycle-momentum: only for --for onecycle",
            "lrfinder: --warmup-steps = 10: only for --for cosine or constant",
            "lrfinder: --base-momentum = 0.8: only with momentum cycling"};
        for (int i = 0; i < cases.length; i++) {
            Path out = dir.resolve("bad" + i);
            List<String> args = new ArrayList<>(List.of(cases[i]));
            args.addAll(List.of("--out", out.toString()));
            Cli.Run run = find(args.toArray(String[]::new));
            String what = String.join(" ", cases[i]) + ": " + run.err();
            assertEquals(2, run.code(), what);
            assertTrue(run.firstErrLine().startsWith(expected[i]), what);
            assertFalse(run.err().contains("Exception"), what);
            assertFalse(run.err().contains("run 1/"), "checked before any sweep: " + what);
            assertFalse(Files.exists(out), "nothing written for " + what);
        }
    }

    @Test
    void reportJsonRecordsTheKnobsTheFitsRunUnder() throws IOException {
        Path onecycle = dir.resolve("onecycle");
        Cli.Run run = find("--for", "onecycle", "--pct-start", "0.25", "--div-factor", "10", "--max-momentum", "0.9",
                "--out", onecycle.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode knobs = new ObjectMapper().readTree(onecycle.resolve("report.json").toFile()).at("/trainingSchedule");
        assertEquals("onecycle", knobs.at("/for").asText());
        assertEquals(0.25, knobs.at("/pctStart").asDouble());
        assertEquals(10, knobs.at("/divFactor").asDouble());
        assertEquals(1e4, knobs.at("/finalDivFactor").asDouble(), "torch's default where none is given");
        assertTrue(knobs.at("/cycleMomentum").asBoolean());
        assertEquals(0.85, knobs.at("/baseMomentum").asDouble());
        assertEquals(0.9, knobs.at("/maxMomentum").asDouble());

        Path cosine = dir.resolve("cosine");
        run = find("--for", "cosine", "--warmup-steps", "5%", "--out", cosine.toString());
        assertEquals(0, run.code(), run.err());
        knobs = new ObjectMapper().readTree(cosine.resolve("report.json").toFile()).at("/trainingSchedule");
        assertEquals("cosine", knobs.at("/for").asText());
        assertEquals(0.05, knobs.at("/warmupShare").asDouble());
        assertTrue(knobs.at("/pctStart").isMissingNode(), knobs.toString());
    }
}
