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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optimizer, loss and accumulation options of {@code lrfinder find}: what they record, what they refuse. */
class TrainingOptionsTest {
    @TempDir
    Path dir;

    @Test
    void theOptimizerLossAndAccumulationGoIntoTheRecordAndSummary() throws IOException {
        Path out = dir.resolve("result");
        Cli.Run run = FindCommandTest.small("--runs", "1", "--optimizer", "rmsprop", "--centered",
                "--momentum", "0.5", "--label-smoothing", "0.1", "--accumulate", "2", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("rmsprop momentum=0.5 centered, lr "), run.out());
        // The description is a sentence wrapped at the summary's width.
        assertTrue(run.out().replaceAll("\\s+", " ").contains("over 60 steps, batch 64 x 2 accumulated per step; 1 run"),
                run.out());
        assertTrue(run.out().contains("\nloss: cross-entropy label-smoothing=0.1\n"), run.out());
        JsonNode config = new ObjectMapper().readTree(out.resolve("run-1.json").toFile()).get("config");
        assertEquals("rmsprop", config.at("/optimizer/kind").asText());
        assertEquals(0.99, config.at("/optimizer/alpha").asDouble());
        assertTrue(config.at("/optimizer/centered").asBoolean());
        assertTrue(config.at("/optimizer/betas").isMissingNode(), "rmsprop reads no betas: " + config);
        assertEquals("cross-entropy", config.at("/loss/kind").asText());
        assertEquals(0.1, config.at("/loss/labelSmoothing").asDouble());
        assertEquals(2, config.get("accumulate").asInt());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("cross-entropy", report.at("/config/loss/kind").asText(), "the data's default, named");
    }

    @Test
    void badOptimizerValuesNameTheOptionAndWhatIsAllowed() {
        assertRefused("lrfinder: --momentum = 0.9: must be left out for adam, which reads only betas, eps, weightDecay",
                "--optimizer", "adam", "--momentum", "0.9");
        assertRefused("lrfinder: --betas = 0.9: must be two numbers B1,B2, each in [0, 1)", "--optimizer", "adam",
                "--betas", "0.9");
        assertRefused("lrfinder: --betas = 0.9,1.0: must be two numbers in [0.0, 1.0)", "--optimizer", "adamw",
                "--betas", "0.9,1");
        assertRefused("lrfinder: --eps = -1.0: must be a finite number >= 0", "--optimizer", "adam", "--eps", "-1");
        assertRefused("lrfinder: --nesterov = true: must be false unless momentum > 0 and dampening is 0 (momentum = 0.0,"
                + " dampening = 0.0), as torch.optim.SGD requires", "--nesterov");
        assertRefused("lrfinder: --dampening = 2.0: must be a number in [0.0, 1.0]", "--momentum", "0.9",
                "--dampening", "2");
    }

    @Test
    void aLossOrAccumulationThatCannotRunIsRefusedBeforeAnythingRuns() {
        assertRefused("lrfinder: --loss = mse: must be cross-entropy for class labels (4 classes)", "--task", "blobs",
                "--loss", "mse");
        assertRefused("lrfinder: --loss = cross-entropy: must be mse, l1, huber or bce for regression targets",
                "--task", "regression", "--loss", "cross-entropy");
        assertRefused("lrfinder: --label-smoothing = 0.1: must be 0 for regression targets (it smooths class labels)",
                "--task", "regression", "--label-smoothing", "0.1");
        assertRefused("lrfinder: --huber-delta = 2.0: must be left out unless the loss is huber", "--loss", "l1",
                "--task", "regression", "--huber-delta", "2");
        assertRefused("lrfinder: --accumulate = 0: must be an integer in [1, 65536]", "--accumulate", "0");
        assertRefused("lrfinder: --loss = hinge: must be one of cross-entropy, bce, mse, l1, huber", "--loss", "hinge");
    }

    private void assertRefused(String message, String... args) {
        Path out = dir.resolve("never");
        String[] all = new String[args.length + 3];
        all[0] = "find";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--out";
        all[args.length + 2] = out.toString();
        Cli.Run run = lrfinder(all);
        assertEquals(2, run.code(), run.err());
        assertEquals(message, run.firstErrLine());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}
