package dev.lrfinder.cli;

import static dev.lrfinder.cli.Cli.curve;
import static dev.lrfinder.cli.Cli.lrfinder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --config NAME|FILE}: TOML profiles, where they are found, what wins and what is refused. */
class ConfigProfileTest {
    @TempDir
    Path dir;

    private Path profile(String name, String toml) throws IOException {
        return Files.writeString(dir.resolve(name), toml);
    }

    @Test
    void aProfileSetsOptionsAndTheCommandLineWins() throws IOException {
        Path file = profile("quick.toml", """
                # a quick look
                smoothing = "robust"
                methods = ["valley", "minimum"]
                format = "json"
                quiet = true
                """);
        Path out = dir.resolve("out");
        Cli.Run run = lrfinder("analyze", "--config", file.toString(), "--smoothing", "ema",
                curve("fastai-recorder.csv").toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals("ema", report.at("/analysis/smoothing").asText(), "the command line wins");
        assertEquals(List.of("minimum", "valley"), List.of(report.at("/analysis/methods/0").asText(),
                report.at("/analysis/methods/1").asText()), "the profile's methods");
        assertEquals(file.toString(), report.at("/profile").asText());
        assertEquals("", run.err(), "quiet from the profile");
    }

    @Test
    void aProfileSetsTheDataOptionsLikeEveryOther() throws IOException {
        Path csv = DataFiles.csv(dir.resolve("train.csv"));
        Path file = profile("mine.toml", """
                data = "%s"
                features = ["length", "width"]
                label = "species"
                kind = "classification"
                standardize = true
                val-split = 0.25
                val-loss = true
                val-batches = 1
                curve = "val"
                batch-size = 16
                steps = 30
                runs = 1
                """.formatted(csv));
        Path out = dir.resolve("mine");
        Cli.Run run = lrfinder("find", "--config", file.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, run.code(), run.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(csv.toString(), report.at("/data/source").asText());
        assertEquals(List.of("length", "width"), List.of(report.at("/data/features/0").asText(),
                report.at("/data/features/1").asText()));
        assertEquals(30, report.at("/data/validation/samples").asInt());
        assertTrue(report.at("/data/normalisation/std/0").isNumber(), "standardised");
        assertEquals("val", report.at("/config/curve").asText());
        assertEquals(1, report.at("/config/validationBatches").asInt());

        Cli.Run wrong = lrfinder("find", "--config", profile("bad.toml", "val-split = \"a fifth\"\n").toString());
        assertEquals(2, wrong.code());
        assertEquals("lrfinder: " + dir.resolve("bad.toml") + ": val-split = \"a fifth\": must be a number",
                wrong.firstErrLine());
    }

    @Test
    void aFindProfileSetsSweepOptions() throws IOException {
        Path file = profile("tiny.toml", """
                task = "blobs"
                samples = 256
                widths = [16]
                steps = 40
                runs = 1
                lr-max = 1.0
                divergence = 4
                """);
        Path out = dir.resolve("find");
        Cli.Run run = lrfinder("find", "--config", file.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, run.code(), run.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(40, report.at("/config/steps").asInt());
        assertEquals(1.0, report.at("/config/lrMax").asDouble());
        assertEquals(1, report.at("/runs").size());
        assertTrue(report.at("/task").asText().startsWith("blobs"), report.at("/task").asText());
    }

    @Test
    void anUnknownKeyNamesTheKeyAndTheFile() throws IOException {
        Path file = profile("typo.toml", "lr_max = 1.0\n");
        Cli.Run run = lrfinder("find", "--config", file.toString());
        assertEquals(2, run.code());
        assertTrue(run.firstErrLine().startsWith("lrfinder: " + file + ": unknown key 'lr_max'; the keys are the options of"
                + " 'lrfinder find' without the dashes: "), run.err());
        assertTrue(run.firstErrLine().contains("lr-max"), run.err());
    }

    @Test
    void aValueOfTheWrongTypeATableOrBrokenTomlIsBadInput() throws IOException {
        Cli.Run type = lrfinder("find", "--config", profile("t.toml", "runs = \"many\"\n").toString());
        assertEquals(2, type.code());
        assertEquals("lrfinder: " + dir.resolve("t.toml") + ": runs = \"many\": must be an integer", type.firstErrLine());
        Cli.Run overridden = lrfinder("find", "--config", profile("o.toml", "runs = \"three\"\n").toString(), "--runs", "1");
        assertEquals(2, overridden.code(), "wrong even where the command line overrides it: " + overridden.err());
        assertEquals("lrfinder: " + dir.resolve("o.toml") + ": runs = \"three\": must be an integer", overridden.firstErrLine());
        Cli.Run table = lrfinder("find", "--config", profile("s.toml", "[sweep]\nsteps = 10\n").toString());
        assertEquals(2, table.code());
        assertEquals("lrfinder: " + dir.resolve("s.toml") + ": key 'sweep' is a table; a profile is a flat list of"
                + " option = value", table.firstErrLine());
        Cli.Run broken = lrfinder("find", "--config", profile("b.toml", "runs = = 3\n").toString());
        assertEquals(2, broken.code());
        assertTrue(broken.firstErrLine().startsWith("lrfinder: " + dir.resolve("b.toml") + ": not valid TOML ("), broken.err());
        Cli.Run self = lrfinder("find", "--config", profile("c.toml", "config = \"other\"\n").toString());
        assertEquals(2, self.code());
        assertTrue(self.firstErrLine().contains("unknown key 'config'"), self.err());
    }

    @Test
    void aNameIsLookedUpInConfigsThenTheUserFolder() throws IOException {
        Path local = Files.createDirectories(dir.resolve("configs"));
        Path user = Files.createDirectories(dir.resolve("user"));
        Files.writeString(user.resolve("both.toml"), "runs = 2\n");
        Files.writeString(local.resolve("both.toml"), "runs = 1\n");
        Files.writeString(user.resolve("mine.toml"), "runs = 2\n");
        assertEquals(local.resolve("both.toml"), ConfigProfile.locate("both", List.of(local, user)));
        assertEquals(user.resolve("mine.toml"), ConfigProfile.locate("mine", List.of(local, user)));
        var missing = assertThrows(BadInputException.class, () -> ConfigProfile.locate("none", List.of(local, user)));
        assertEquals("--config = none: no profile none.toml in " + local + " or " + user, missing.getMessage());
        var file = assertThrows(BadInputException.class, () -> ConfigProfile.locate("gone.toml", List.of(local)));
        assertEquals("--config = gone.toml: no such file", file.getMessage());
    }

    @Test
    void theSearchPathIsTheWorkingFoldersConfigsThenTheUsersConfigFolder() {
        List<Path> path = ConfigProfile.searchPath();
        assertEquals(Path.of("configs"), path.get(0));
        assertTrue(path.get(1).endsWith(Path.of("lrfinder")), path.toString());
    }

    @Test
    void anUnknownProfileNameFromTheCommandLineIsExitTwo() {
        Cli.Run run = lrfinder("find", "--config", "no-such-profile");
        assertEquals(2, run.code());
        assertTrue(run.firstErrLine().startsWith("lrfinder: --config = no-such-profile: no profile no-such-profile.toml in configs or "),
                run.err());
    }
}
