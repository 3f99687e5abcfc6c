package dev.lrfinder.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrfinder.Backends;
import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.RunInfo;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepData;
import dev.lrfinder.sweep.SweepListener;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.ScriptModel;
import dev.lrfinder.task.TaskSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One backend's measurement for {@code lrfinder bench}, in a JVM of its own (one libtorch per
 * process; start-up and peak memory are per process too). Prints one JSON object on stdout.
 *
 * <p>Arguments: backend, task, model (mlp|cnn, or a TorchScript file), comma-separated widths ({@code
 * -} for a file), batch size, warm-up steps,
 * measured steps, threads.
 */
public final class BenchWorker {
    private BenchWorker() {}

    public static void main(String[] args) throws IOException {
        String backendId = args[0];
        TaskSpec task = TaskSpec.named(args[1]);
        ScriptModel script = ScriptModel.isFileName(args[2]) ? new ScriptModel(Path.of(args[2])) : null;
        // The standard architectures have no widths: an empty argument.
        ModelSpec model = script != null ? null : new ModelSpec(ModelSpec.Kind.byId(args[2]), args[3].isEmpty()
                ? java.util.List.of()
                : java.util.Arrays.stream(args[3].split(",")).map(Integer::valueOf).toList(),
                dev.lrfinder.task.Activation.RELU);
        int batchSize = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int steps = Integer.parseInt(args[6]);
        int threads = Integer.parseInt(args[7]);
        OptimizerSpec optimizer = OptimizerSpec.of(OptimizerKind.byId(args[8]));

        SweepBackend backend = Backends.byId(backendId);
        // A rate range no built-in model diverges on, so every step runs and is timed.
        SweepConfig config = SweepConfig.builder()
                .optLrMin(1e-5)
                .optLrMax(1e-3)
                .optBatchSize(batchSize)
                .optThreads(threads)
                .optOptimizer(optimizer)
                .optDivergence(DivergenceRule.none())
                .build();
        Function<SweepConfig, RunInfo> sweep = script != null
                ? c -> backend.run(SweepData.of(task.trainingData()), script, c, SweepListener.NONE).info()
                : c -> backend.run(task, model, c).info();
        RunInfo warm = sweep.apply(config.toBuilder().optSteps(Math.max(2, warmup)).build());
        double startupSeconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3
                - warm.wallTimeSeconds();
        RunInfo measured = sweep.apply(config.toBuilder().optSteps(steps).build());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backend", measured.backend());
        out.put("engine", measured.engine() + " " + measured.engineVersion());
        out.put("device", measured.device());
        out.put("threads", measured.threads());
        out.put("task", measured.task());
        out.put("batchSize", batchSize);
        out.put("steps", steps);
        out.put("stepsPerSecond", measured.stepsPerSecond());
        out.put("medianStepMillis", measured.stepMillis().median());
        out.put("p90StepMillis", measured.stepMillis().p90());
        out.put("startupSeconds", startupSeconds);
        out.put("peakRssMegabytes", peakRssKb() / 1024.0);
        System.out.println(new ObjectMapper().writeValueAsString(out));
    }

    /** The process's peak resident set (VmHWM), in kB. */
    private static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
