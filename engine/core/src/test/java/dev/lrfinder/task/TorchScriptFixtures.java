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
