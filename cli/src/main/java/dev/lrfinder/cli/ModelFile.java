package dev.lrfinder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lrfinder.task.Activation;
import dev.lrfinder.task.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --model FILE.toml}: an MLP or CNN described in a flat TOML table, read as profiles are
 * ({@link ConfigProfile#read}):
 * <pre>
 * # configs/models/mlp-bn.toml
 * kind = "mlp"                # mlp or cnn
 * widths = [256, 128]         # hidden widths (mlp) or the two filter counts (cnn)
 * activation = "gelu"         # relu, tanh, gelu, sigmoid (default relu)
 * batch-norm = true           # batch norm after each hidden layer (default false)
 * dropout = 0.2               # dropout probability, in [0, 1) (default 0)
 * </pre>
 * Instead of {@code widths}, {@code layers = N} with {@code width = W} gives N hidden layers of W
 * (an MLP's way to say it). {@code kind} is required; every other key has its option's default. An
 * unknown key, a value of the wrong type or out of range is an error naming the key and the file.
 */
final class ModelFile {
    static final String EXTENSION = ".toml";
    private static final List<String> KEYS = List.of("kind", "widths", "layers", "width", "activation", "batch-norm",
            "dropout");
    private static final Set<String> FAMILIES = Set.of(ModelSpec.Kind.MLP.id(), ModelSpec.Kind.CNN.id());

    private ModelFile() {}

    /** Whether {@code model} (the value of {@code --model}) names a model file. */
    static boolean isModelFile(String model) {
        return model != null && model.endsWith(EXTENSION);
    }

    /** The model {@code file} describes; bad input names the file and the key. */
    static ModelSpec read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("--model = " + file + ": no such file");
        }
        Map<String, JsonNode> values = ConfigProfile.read(file);
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new BadInputException(file + ": unknown key '" + key + "'; a model file's keys are "
                        + String.join(", ", KEYS));
            }
        }
        String kind = text(file, values, "kind", null);
        if (kind == null) {
            throw new BadInputException(file + ": kind is missing: must be one of mlp, cnn");
        }
        if (!FAMILIES.contains(kind)) {
            throw new BadInputException(file + ": kind = \"" + kind + "\": must be one of mlp, cnn (the standard"
                    + " architectures are named on --model itself, e.g. --model resnet18)");
        }
        ModelSpec.Kind k = ModelSpec.Kind.byId(kind);
        try {
            List<Integer> widths = widths(file, values, k);
            Activation activation = Activation.byId(text(file, values, "activation", Activation.RELU.id()));
            boolean batchNorm = flag(file, values, "batch-norm");
            double dropout = number(file, values, "dropout");
            return new ModelSpec(k, widths, activation, batchNorm, dropout);
        } catch (IllegalArgumentException e) {
            // ModelSpec names its parameters as the file's keys are named (batchNorm is batch-norm).
            throw new BadInputException(file + ": " + e.getMessage().replaceFirst("^batchNorm", "batch-norm"), e);
        }
    }

    private static List<Integer> widths(Path file, Map<String, JsonNode> values, ModelSpec.Kind kind) {
        boolean byLayers = values.containsKey("layers") || values.containsKey("width");
        if (values.containsKey("widths")) {
            if (byLayers) {
                throw new BadInputException(file + ": widths and layers/width are both set: give one of them");
            }
            JsonNode node = values.get("widths");
            if (!node.isArray()) {
                throw wrongType(file, "widths", node, "an array of whole numbers, e.g. [256, 256]");
            }
            List<Integer> widths = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isIntegralNumber() || !item.canConvertToInt()) {
                    throw wrongType(file, "widths", node, "an array of whole numbers, e.g. [256, 256]");
                }
                widths.add(item.intValue());
            }
            return widths;
        }
        if (byLayers) {
            if (!values.containsKey("layers") || !values.containsKey("width")) {
                throw new BadInputException(file + ": " + (values.containsKey("layers") ? "width" : "layers")
                        + " is missing: layers and width go together");
            }
            int layers = whole(file, values, "layers");
            if (layers < 0 || layers > 64) {
                throw new BadInputException(file + ": layers = " + layers + ": must be in [0, 64]");
            }
            return Collections.nCopies(layers, whole(file, values, "width"));
        }
        return ModelSpec.defaults(kind).widths();
    }

    private static String text(Path file, Map<String, JsonNode> values, String key, String absent) {
        JsonNode node = values.get(key);
        if (node == null) {
            return absent;
        }
        if (!node.isTextual()) {
            throw wrongType(file, key, node, "a string");
        }
        return node.asText();
    }

    private static boolean flag(Path file, Map<String, JsonNode> values, String key) {
        JsonNode node = values.get(key);
        if (node != null && !node.isBoolean()) {
            throw wrongType(file, key, node, "true or false");
        }
        return node != null && node.booleanValue();
    }

    private static double number(Path file, Map<String, JsonNode> values, String key) {
        JsonNode node = values.get(key);
        if (node != null && !node.isNumber()) {
            throw wrongType(file, key, node, "a number");
        }
        return node == null ? 0 : node.doubleValue();
    }

    private static int whole(Path file, Map<String, JsonNode> values, String key) {
        JsonNode node = values.get(key);
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrongType(file, key, node, "a whole number");
        }
        return node.intValue();
    }

    private static BadInputException wrongType(Path file, String key, JsonNode node, String expected) {
        return ConfigProfile.wrongType(file, key, node, expected);
    }
}
