package dev.lrfinder.cli;

import static dev.lrfinder.cli.FindCommandTest.lrfinder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void jsonHasOneMeasurementPerBackendFromItsOwnProcess() throws IOException {
        FindCommandTest.Run run = lrfinder("bench", "--steps", "30", "--warmup", "5", "--widths", "32,32",
                "--format", "json");
        assertEquals(0, run.code(), run.err());
        JsonNode results = new ObjectMapper().readTree(run.out());
        assertEquals(1, results.size());
        JsonNode djl = results.get(0);
        assertEquals("djl", djl.get("backend").asText());
        assertEquals("cpu", djl.get("device").asText());
        assertEquals(30, djl.get("steps").asInt());
        assertTrue(djl.get("stepsPerSecond").asDouble() > 0);
        assertTrue(djl.get("p90StepMillis").asDouble() >= djl.get("medianStepMillis").asDouble());
        assertTrue(djl.get("startupSeconds").asDouble() > 0);
        assertTrue(djl.get("peakRssMegabytes").asDouble() > 50, "libtorch alone is larger than that");
    }

    @Test
    void textIsATable() {
        FindCommandTest.Run run = lrfinder("bench", "--steps", "20", "--warmup", "2", "--widths", "16,16");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("steps/s"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("djl ")), run.out());
    }

    @Test
    void badValuesAreNamed() {
        FindCommandTest.Run format = lrfinder("bench", "--format", "xml");
        assertEquals(2, format.code());
        assertEquals("lrfinder: --format = xml: must be text or json", format.err().lines().findFirst().orElseThrow());
        FindCommandTest.Run backend = lrfinder("bench", "--backends", "tpu");
        assertEquals(2, backend.code());
        assertTrue(backend.err().startsWith("lrfinder: --backends = tpu: must be djl"), backend.err());
    }
}
