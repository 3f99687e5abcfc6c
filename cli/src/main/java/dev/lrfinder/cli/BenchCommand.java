package dev.lrfinder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.ScriptModel;
import dev.lrfinder.task.TaskSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lrfinder bench}: how fast each backend sweeps a built-in model on this machine. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure each backend on this machine: a short sweep of a built-in model per backend, each",
            "in a JVM of its own, reporting steps/s, ms per step (median, p90), start-up time and peak memory."
        },
        footer = {
            "",
            "Examples:",
            "  lrfinder bench                                    the default MLP, batch 64",
            "  lrfinder bench --model cnn --batch-size 128 --steps 300",
            "  lrfinder bench --model net.pt --backends djl,native   your TorchScript model",
            "  lrfinder bench --format json > bench.json"
        })
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--backends", paramLabel = "NAME,NAME", split = ",",
            description = "Backends to measure (default: ${DEFAULT-VALUE}).")
    List<String> backends = List.of("djl");

    @Option(names = "--task", paramLabel = "NAME", description = "Built-in task (default: ${DEFAULT-VALUE}).")
    String task = TaskSpec.DEFAULT_KIND.id();

    @Option(names = "--model", paramLabel = "NAME|FILE.pt",
            description = "mlp, cnn, resnet18, resnet50, vgg or mobilenet, or FILE.pt: a TorchScript model for the"
                    + " task's samples (default: ${DEFAULT-VALUE}).")
    String model = "mlp";

    @Option(names = "--widths", paramLabel = "N,N", split = ",",
            description = "Hidden widths (mlp, default 256,256) or filters (cnn, default 16,32).")
    List<Integer> widths;

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples per step (default: ${DEFAULT-VALUE}).")
    int batchSize = 64;

    @Option(names = "--warmup", paramLabel = "N", description = "Steps run before timing (default: ${DEFAULT-VALUE}).")
    int warmup = 200;

    @Option(names = "--steps", paramLabel = "N", description = "Steps timed (default: ${DEFAULT-VALUE}).")
    int steps = 1000;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "sgd, momentum, nesterov, adam, adamw or rmsprop, with torch.optim's defaults (default:"
                    + " ${DEFAULT-VALUE}; find's own default is adam).")
    String optimizer = "sgd";

    @Option(names = "--format", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format = "text";

    @Option(names = "--verbose", description = "Stack traces with errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        TaskSpec taskSpec = TaskSpec.named(task);
        ScriptModel script = ScriptModel.isFileName(model) ? new ScriptModel(Path.of(model)).checkReadable() : null;
        ModelSpec modelSpec = null;
        if (script == null) {
            ModelSpec.Kind kind = ModelSpec.Kind.byId(model);
            modelSpec = new ModelSpec(kind, widths != null ? widths : ModelSpec.defaults(kind).widths(),
                    dev.lrfinder.task.Activation.RELU);
            modelSpec.checkFits(taskSpec);
        }
        Checks.inRange("batchSize", batchSize, 1, 1 << 20);
        Checks.inRange("steps", steps, 2, 10_000_000);
        Checks.inRange("warmup", warmup, 0, 10_000_000);
        Checks.inRange("threads", threads, 1, 1024);
        OptimizerKind.byId(optimizer); // a bad name is refused here, naming the option, before any JVM starts
        if (!format.equals("text") && !format.equals("json")) {
            throw new BadInputException("--format = " + format + ": must be text or json");
        }
        for (String b : backends) {
            if (!b.equals("djl") && !b.equals("native")) { // each is measured by name, in a JVM of its own
                throw new BadInputException("--backends = " + String.join(",", backends) + ": must be djl or native");
            }
        }

        ObjectMapper json = new ObjectMapper();
        ArrayNode results = json.createArrayNode();
        PrintWriter err = spec.commandLine().getErr();
        for (String b : backends) {
            if (format.equals("text")) {
                err.println("measuring " + b + " ...");
            }
            results.add(json.readTree(runWorker(b, script != null ? script.file().toAbsolutePath().toString()
                    : modelSpec.kind().id(), script != null ? "-" : modelSpec.widths().stream().map(String::valueOf)
                    .collect(Collectors.joining(",")))));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(json.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results));
        } else {
            printTable(out, results, taskSpec, script != null ? script.describe() : modelSpec.describe());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code model}: a built-in kind with its {@code widths}, or a TorchScript file (widths "-"). */
    private String runWorker(String backend, String model, String widths) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The same JIT setting as native-scripts/lrfinder (see there for why).
        List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), BenchWorker.class.getName(),
                backend, task, model, widths,
                Integer.toString(batchSize), Integer.toString(warmup), Integer.toString(steps),
                Integer.toString(threads), optimizer));
        String shim = System.getProperty("lrfinder.shim");
        if (shim != null) {
            command.add(1, "-Dlrfinder.shim=" + shim); // the native backend's library, as this JVM was told
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        if (code != 0) {
            throw new IllegalStateException("the " + backend + " measurement failed (exit " + code + ")");
        }
        return stdout.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("the " + backend + " measurement printed no result"));
    }

    private void printTable(PrintWriter out, ArrayNode results, TaskSpec taskSpec, String modelText) {
        out.printf(Locale.ROOT, "%s, %s, %s, batch %d, %d thread(s), %d steps timed after %d warm-up%n",
                taskSpec.describe(), modelText, optimizer, batchSize, threads, steps, warmup);
        out.printf(Locale.ROOT, "%-8s %-18s %-6s %9s %10s %10s %10s %10s%n",
                "backend", "engine", "device", "steps/s", "median ms", "p90 ms", "start-up s", "peak MB");
        for (JsonNode r : results) {
            out.printf(Locale.ROOT, "%-8s %-18s %-6s %9.0f %10.3f %10.3f %10.2f %10.0f%n",
                    r.get("backend").asText(), r.get("engine").asText(), r.get("device").asText(),
                    r.get("stepsPerSecond").asDouble(), r.get("medianStepMillis").asDouble(),
                    r.get("p90StepMillis").asDouble(), r.get("startupSeconds").asDouble(),
                    r.get("peakRssMegabytes").asDouble());
        }
    }
}
