package dev.lrfinder.task;

import dev.lrfinder.base.Checks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The user's own model: a TorchScript file saved with {@code torch.jit.save} from a scripted or
 * traced module whose forward takes one batch tensor and returns one. Every run loads it afresh
 * and starts from its weights as saved (as fastai's {@code lr_find} takes the model as it is); runs
 * differ by their batch order only. Its parameters with {@code requires_grad} are trained, frozen
 * ones stay as they are; the file itself is only read.
 *
 * <p>The messages of what can go wrong with such a file live here, so that both backends word them
 * alike: {@code model = FILE: must be ...}, one line.
 *
 * @param file the {@code .pt} file
 */
public record ScriptModel(Path file) {
    /** How a file named on the command line is told apart from a built-in model's name. */
    public static final String EXTENSION = ".pt";
    /** The batch a loaded model is first run on to learn its output shape (2: batch norm needs more than 1). */
    public static final int PROBE_BATCH = 2;
    /** A TorchScript traceback's last line, {@code RuntimeError: what went wrong}. */
    private static final Pattern PYTHON_ERROR = Pattern.compile("[A-Za-z]*Error: (.+)");
    /** libtorch's line is cut here: a message stays one readable line. */
    private static final int MAX_MESSAGE_CHARS = 300;

    public ScriptModel {
        if (file == null) {
            throw Checks.invalid("model", null, "a TorchScript file (" + EXTENSION + ")");
        }
    }

    /** Whether {@code --model}'s value names a TorchScript file rather than a built-in model. */
    public static boolean isFileName(String model) {
        return model != null && model.toLowerCase(Locale.ROOT).endsWith(EXTENSION);
    }

    /** Throws, naming the file, unless it is a readable regular file (before any libtorch reads it). */
    public ScriptModel checkReadable() {
        if (!Files.isRegularFile(file)) {
            throw invalid("a TorchScript file saved with torch.jit.save: there is no such file");
        }
        if (!Files.isReadable(file)) {
            throw invalid("a TorchScript file saved with torch.jit.save: it cannot be read (permissions)");
        }
        return this;
    }

    /** For run records and the summary before the model is loaded: {@code TorchScript net.pt}. */
    public String describe() {
        return "TorchScript " + file.getFileName();
    }

    /** {@link #describe()} with the trainable parameter count: {@code TorchScript net.pt (1,234 parameters)}. */
    public String describe(long trainableParameters) {
        return String.format(Locale.ROOT, "%s (%,d trainable parameters)", describe(), trainableParameters);
    }

    /**
     * Throws, naming both shapes, unless {@code output} (what the model returned for {@link
     * #PROBE_BATCH} samples of {@code data}) fits the data's loss: {@code [batch, classes]} for
     * cross-entropy, {@code [batch, 1]} or {@code [batch]} for mean squared error on one target.
     */
    public void checkOutput(long[] output, TrainingData data, int outputs, boolean perClass, String lossName) {
        boolean fits = output.length == 2 && output[0] == PROBE_BATCH && output[1] == outputs
                || !perClass && output.length == 1 && output[0] == PROBE_BATCH;
        if (!fits) {
            String expected = perClass
                    ? PROBE_BATCH + " x " + outputs + " (batch x classes) for cross-entropy on " + outputs + " classes"
                    : PROBE_BATCH + " x 1 (or " + PROBE_BATCH + ") for " + lossName + " on one target";
            throw invalid("a model whose output fits the data: for a batch of " + PROBE_BATCH + " samples of "
                    + data.shapeText() + " it returns " + shapeText(output) + ", the loss needs " + expected);
        }
    }

    /**
     * Throws unless a loss can be back-propagated through the probe's output: a floating-point
     * tensor ({@code dtype} in torch's words, {@code int64}, {@code float32}) that requires a gradient.
     * Inference-style forwards are common ({@code .detach()}, {@code torch.no_grad()}, class ids from
     * {@code argmax().long()}), and a sweep of one would fail at its first backward.
     */
    public void checkTrainableOutput(String dtype, boolean floatingPoint, boolean requiresGrad) {
        if (!floatingPoint) {
            throw invalid("a model whose output is floating-point scores: it returns " + dtype
                    + " (class ids, or a cast such as .long()), no loss has a gradient through it; return the"
                    + " float logits and let the loss compare them with the labels");
        }
        if (!requiresGrad) {
            throw invalid("a model whose output is attached to autograd: it returns a " + dtype
                    + " tensor that requires no gradient (a forward ending in .detach() or run under"
                    + " torch.no_grad()), so no step could reach the parameters; return the output the parameters compute");
        }
    }

    /**
     * The forward returned something other than one tensor (or a dict, tuple or list holding one,
     * which both backends unpack): {@code returned} in words, {@code a dict of 2 tensors}.
     */
    public IllegalArgumentException notOneTensor(String returned) {
        return invalid("a model whose forward returns one tensor (or a dict, tuple or list holding one): it returns "
                + returned);
    }

    /** The model's forward failed on a probe batch of {@code data}: most often inputs of another shape. */
    public IllegalArgumentException forwardFailed(TrainingData data, String libtorchMessage) {
        return invalid("a model that takes the data's samples: on a batch of " + PROBE_BATCH + " x " + data.shapeText()
                + " its forward fails (" + firstLine(libtorchMessage) + ")");
    }

    /** No parameter of the module requires a gradient: a sweep would move nothing. */
    public IllegalArgumentException nothingToTrain() {
        return invalid("a model with trainable parameters: every parameter has requires_grad False");
    }

    /**
     * libtorch could not load the file: saved for CUDA (on a libtorch without it), saved by {@code
     * torch.save} instead of {@code torch.jit.save}, or not a TorchScript archive at all; {@code libtorchMessage} is libtorch's own, of which the first
     * line is kept.
     */
    public IllegalArgumentException unloadable(String libtorchMessage) {
        String first = firstLine(libtorchMessage);
        if (first.toLowerCase(Locale.ROOT).contains("cuda")) {
            return invalid("a model saved for the CPU: its tensors are on CUDA, which this libtorch lacks"
                    + " (save it after model.cpu(), or run on a GPU with --device cuda): " + first);
        }
        if (first.contains("constants.pkl")) { // the one record torch.save's archives lack
            return invalid("a TorchScript file saved with torch.jit.save: this is torch.save's (a state_dict or an"
                    + " eager module); script or trace the model, then save it with torch.jit.save");
        }
        return invalid("a TorchScript file saved with torch.jit.save (libtorch cannot load it: " + first + ")");
    }

    private IllegalArgumentException invalid(String allowed) {
        return Checks.invalid("model", file, allowed);
    }

    /** {@code 2 x 3} of {@code [2, 3]}. */
    public static String shapeText(long[] shape) {
        return shape.length == 0 ? "a scalar"
                : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(" x "));
    }

    /**
     * The line of libtorch's message that says what failed: its messages carry a C++ backtrace or,
     * from the TorchScript interpreter, a TorchScript traceback, with the Python-style {@code
     * RuntimeError: ...} line last.
     */
    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "no message";
        }
        List<String> lines = message.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String line = lines.getFirst();
        for (String l : lines.reversed()) {
            Matcher error = PYTHON_ERROR.matcher(l);
            if (error.matches()) {
                line = error.group(1);
                break;
            }
        }
        return line.length() > MAX_MESSAGE_CHARS ? line.substring(0, MAX_MESSAGE_CHARS) + "..." : line;
    }
}
