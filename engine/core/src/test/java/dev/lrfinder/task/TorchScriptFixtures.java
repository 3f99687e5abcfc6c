package dev.lrfinder.task;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The TorchScript fixtures of engine/native/src/test/resources/torchscript (made by its
 * make_fixtures.py), found from any module's folder: every module's tests use the same files.
 */
public final class TorchScriptFixtures {
    private static final Path FOLDER = Path.of("engine", "native", "src", "test", "resources", "torchscript");

    private TorchScriptFixtures() {}

    /** {@code classifier.pt}: scripted, 8 inputs, 3 classes, batch norm, one frozen parameter; 211 trainable values. */
    public static final String CLASSIFIER = "classifier.pt";
    /** {@code regressor.pt}: traced, 4 inputs, 1 output; 73 trainable values. */
    public static final String REGRESSOR = "regressor.pt";
    /** {@code frozen.pt}: no parameter requires a gradient. */
    public static final String FROZEN = "frozen.pt";
    /** {@code state_dict.pt}: torch.save of a Linear's state_dict, not TorchScript. */
    public static final String STATE_DICT = "state_dict.pt";
    /** {@code cuda.pt}: the regressor as if saved from a GPU (its storages say cuda). */
    public static final String CUDA = "cuda.pt";

    /** {@code detached.pt}: 8 inputs, 3 classes, its forward ends in {@code .detach()}. */
    public static final String DETACHED = "detached.pt";
    /** {@code no_grad.pt}: 8 inputs, 3 classes, its forward runs under {@code torch.no_grad()}. */
    public static final String NO_GRAD = "no_grad.pt";
    /** {@code class_ids.pt}: 8 inputs, returns {@code argmax(dim=1, keepdim=True).long()}, 2 x 1 int64. */
    public static final String CLASS_IDS = "class_ids.pt";
    /** {@code one_entry_dict.pt}: 8 inputs, 3 classes' scores as {@code {"logits": y}}; 27 trainable values. */
    public static final String ONE_ENTRY_DICT = "one_entry_dict.pt";
    /** {@code two_entry_dict.pt}: 8 inputs, {@code {"logits": y, "probabilities": softmax(y)}}. */
    public static final String TWO_ENTRY_DICT = "two_entry_dict.pt";

    /** The fixture's path, looked for above the working folder (a module's, or the repository's). */
    public static Path path(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FOLDER).resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + FOLDER.resolve(name) + " above " + Path.of("").toAbsolutePath());
    }

    /** The fixture as a model to sweep. */
    public static ScriptModel model(String name) {
        return new ScriptModel(path(name));
    }
}
