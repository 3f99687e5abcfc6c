package dev.lrfinder.cli;

import static dev.lrfinder.cli.Cli.lrfinder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lrfinder.task.Activation;
import dev.lrfinder.task.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --model FILE.toml}: what a model file says, and the one line each mistake in it gets. */
class ModelFileTest {
    @TempDir
    Path dir;

    private Path file(String toml) throws IOException {
        return Files.writeString(dir.resolve("model.toml"), toml);
    }

    @Test
    void aFileDescribesAnMlpOrACnn() throws IOException {
        assertEquals(new ModelSpec(ModelSpec.Kind.MLP, List.of(64, 32), Activation.GELU, true, 0.25),
                ModelFile.read(file("kind = \"mlp\"\nwidths = [64, 32]\nactivation = \"gelu\"\nbatch-norm = true\n"
                        + "dropout = 0.25\n")));
        assertEquals(new ModelSpec(ModelSpec.Kind.MLP, List.of(16, 16, 16), Activation.RELU, false, 0),
                ModelFile.read(file("kind = \"mlp\"\nlayers = 3\nwidth = 16\n")));
        assertEquals(ModelSpec.defaults(ModelSpec.Kind.CNN).withBatchNorm(true),
                ModelFile.read(file("kind = \"cnn\"\nbatch-norm = true\n")), "unset keys take the defaults");
    }

    @Test
    void theExampleFilesRead() throws IOException {
        try (var files = Files.list(Path.of("..", "configs", "models"))) {
            List<Path> examples = files.filter(p -> ModelFile.isModelFile(p.toString())).toList();
            assertEquals(3, examples.size(), examples.toString());
            for (Path example : examples) {
                ModelSpec spec = ModelFile.read(example);
                assertEquals(true, spec.isLayered(), example + " shows batch norm or dropout");
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            kind = "mlp"\\nwidth = 8                     | : layers is missing: layers and width go together
            kind = "mlp"\\nwidths = [8]\\nlayers = 2\\nwidth = 4 | : widths and layers/width are both set: give one of them
            widths = [8]                                  | : kind is missing: must be one of mlp, cnn
            kind = "resnet18"                             | : kind = "resnet18": must be one of mlp, cnn (the standard architectures are named on --model itself, e.g. --model resnet18)
            kind = "mlp"\\ndepth = 3                      | : unknown key 'depth'; a model file's keys are kind, widths, layers, width, activation, batch-norm, dropout
            kind = "mlp"\\ndropout = 1.5                  | : dropout = 1.5: must be in [0, 1)
            kind = "mlp"\\ndropout = "high"               | : dropout = "high": must be a number
            kind = "mlp"\\nbatch-norm = 1                 | : batch-norm = 1: must be true or false
            kind = "mlp"\\nwidths = [8, "x"]              | : widths = [8,"x"]: must be an array of whole numbers, e.g. [256, 256]
            kind = "mlp"\\nwidths = [0]                   | : widths = 0: must be an integer in [1, 65536]
            kind = "cnn"\\nwidths = [8]                   | : widths = [8]: must be two filter counts for cnn, e.g. 16,32
            kind = "mlp"\\nactivation = "swish"           | : activation = swish: must be one of relu, tanh, gelu, sigmoid
            kind = "mlp"\\n[layer]\\nwidth = 3            | : key 'layer' is a table; a profile is a flat list of option = value
            """)
    void eachMistakeIsOneLineNamingTheFileAndTheKey(String toml, String message) throws IOException {
        Path model = file(toml.replace("\\n", "\n"));
        var e = assertThrows(BadInputException.class, () -> ModelFile.read(model));
        assertEquals(model + message, e.getMessage());
    }

    @Test
    void findSaysWhatIsWrongWithTheModelAndExitsTwo() throws IOException {
        Path model = file("kind = \"mlp\"\ndropout = -0.1\n");
        Path out = dir.resolve("out");
        Cli.Run run = lrfinder("find", "--model", model.toString(), "--out", out.toString());
        assertEquals(2, run.code(), run.err());
        assertEquals("lrfinder: " + model + ": dropout = -0.1: must be in [0, 1)", run.firstErrLine());
        assertEquals(false, Files.exists(out), "nothing written");

        run = lrfinder("find", "--model", model.toString(), "--widths", "8");
        assertEquals(2, run.code());
        assertEquals("lrfinder: --widths = [8]: must be absent with --model " + model + " (the file describes the model)",
                run.firstErrLine());

        run = lrfinder("find", "--model", dir.resolve("none.toml").toString());
        assertEquals(2, run.code());
        assertEquals("lrfinder: --model = " + dir.resolve("none.toml") + ": no such file", run.firstErrLine());

        run = lrfinder("find", "--model", "resnet18", "--widths", "8");
        assertEquals(2, run.code());
        assertEquals("lrfinder: --widths = [8]: must be absent for resnet18 (the architecture fixes it)",
                run.firstErrLine());

        run = lrfinder("find", "--model", "vgg", "--dropout", "0.5");
        assertEquals("lrfinder: --dropout = 0.5: must be 0 for vgg (the architecture fixes it)", run.firstErrLine());

        run = lrfinder("find", "--model", "resnet18", "--task", "blobs");
        assertEquals(2, run.code());
        assertEquals("lrfinder: --model = resnet18: must be mlp for the non-image task blobs", run.firstErrLine());

        run = lrfinder("find", "--model", "resnet34");
        assertEquals("lrfinder: --model = resnet34: must be one of mlp, cnn, resnet18, resnet50, vgg, mobilenet",
                run.firstErrLine());
    }
}
