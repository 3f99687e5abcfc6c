package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrfinder.report.CurveFiles;
import dev.lrfinder.report.RecordedCurve;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The anchors' own files, as each tool writes them from one real range test
 * (native-scripts/peer/anchor_exports.py, torch 1.13.1): torch-lr-finder's {@code history},
 * Lightning's {@code lr_finder.results} (both JSON, both the tool's smoothed loss) and fastai's
 * {@code Recorder} lrs and losses (CSV), with each tool's own answer on its own file in answers.json.
 */
class AnchorExportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path anchor(String name) {
        try {
            return Path.of(AnchorExportsTest.class.getResource("/anchors/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RecordedCurve read(String name) {
        return CurveFiles.read(anchor(name)).get(0);
    }

    private static JsonNode answers() throws IOException {
        return JSON.readTree(anchor("answers.json").toFile());
    }

    @Test
    void eachToolsPipelineOnItsOwnFileGivesTheToolsOwnAnswer() throws IOException {
        JsonNode answers = answers();
        RecordedCurve history = read("torch-lr-finder-history.json");
        assertEquals(answers.at("/torch-lr-finder/steepest").asDouble(), Compat.TORCH_LR_FINDER
                .analyzeRecorded(history.lrs(), history.losses(), 100).suggestion(Method.STEEPEST).lr(), 0.0);
        RecordedCurve results = read("lightning-results.json");
        assertEquals(answers.at("/lightning/steepest").asDouble(), Compat.LIGHTNING
                .analyzeRecorded(results.lrs(), results.losses(), 100).suggestion(Method.STEEPEST).lr(), 0.0);
        RecordedCurve recorder = read("fastai-recorder.csv");
        AnalysisResult fastai = Compat.FASTAI.analyzeRecorded(recorder.lrs(), recorder.losses(), 100);
        for (Map.Entry<String, Method> m : Map.of("valley", Method.VALLEY, "steep", Method.STEEP, "minimum",
                Method.MINIMUM, "slide", Method.SLIDE).entrySet()) {
            assertEquals(answers.at("/fastai/" + m.getKey()).asDouble(), fastai.suggestion(m.getValue()).lr(), 0.0,
                    "fastai " + m.getKey());
        }
    }

    @Test
    void smoothingTheFilesAgainGaveOtherAnswers() throws IOException {
        // What analyze --compat did before it knew the files hold smoothed losses: the wrong numbers.
        JsonNode answers = answers();
        RecordedCurve history = read("torch-lr-finder-history.json");
        double twice = Compat.TORCH_LR_FINDER.analyze(history.lrs(), history.losses(), 100).suggestion(Method.STEEPEST).lr();
        assertTrue(twice != answers.at("/torch-lr-finder/steepest").asDouble(), "smoothed twice: " + twice);
    }

    @Test
    void eachToolsSmoothingIsUndone() {
        double[] raw = read("raw.csv").losses();
        for (Compat tool : Compat.values()) {
            String file = switch (tool) {
                case FASTAI -> "fastai-recorder.csv";
                case LIGHTNING -> "lightning-results.json";
                case TORCH_LR_FINDER -> "torch-lr-finder-history.json";
            };
            double[] recovered = tool.unsmooth(read(file).losses());
            // fastai records float32: its raw losses come back to a few float32 roundings over (1 - beta).
            double tolerance = tool == Compat.FASTAI ? 2e-5 : 1e-12;
            for (int i = 0; i < recovered.length; i++) {
                assertEquals(raw[i], recovered[i], tolerance * Math.max(1, Math.abs(raw[i])), tool + " step " + i);
            }
        }
    }

    @Test
    void theDefaultPipelineAnswersTheSameForTheSameRunWhateverFileItCameFrom() {
        RecordedCurve rawFile = read("raw.csv");
        AnalysisResult fromRaw = CurveAnalysis.analyze(rawFile.lrs(), rawFile.losses());
        Suggestion expected = fromRaw.defaultSuggestion();
        assertTrue(expected.isPresent(), expected.reason());
        for (Compat tool : Compat.values()) {
            String file = switch (tool) {
                case FASTAI -> "fastai-recorder.csv";
                case LIGHTNING -> "lightning-results.json";
                case TORCH_LR_FINDER -> "torch-lr-finder-history.json";
            };
            RecordedCurve curve = read(file);
            AnalysisResult fromFile = CurveAnalysis.analyze(curve.lrs(), tool.unsmooth(curve.losses()));
            for (Method method : fromRaw.suggestions().keySet()) {
                assertEquals(fromRaw.suggestion(method).lr(), fromFile.suggestion(method).lr(),
                        1e-9 * fromRaw.suggestion(method).lr(), tool + " " + method);
            }
        }
    }

    @Test
    void theReadersSayWhatTheLossesAre() {
        assertEquals(RecordedCurve.Losses.SMOOTHED, read("torch-lr-finder-history.json").lossKind());
        assertEquals(RecordedCurve.Losses.SMOOTHED, read("lightning-results.json").lossKind());
        assertEquals(RecordedCurve.Losses.UNSTATED, read("fastai-recorder.csv").lossKind());
        double[] lrs = read("raw.csv").lrs();
        assertArrayEquals(Arrays.copyOf(lrs, 90), read("torch-lr-finder-history.json").lrs());
    }
}
