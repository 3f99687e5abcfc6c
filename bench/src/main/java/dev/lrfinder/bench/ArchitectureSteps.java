package dev.lrfinder.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrfinder.Backends;
import dev.lrfinder.sweep.SweepBackend;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepSession;
import dev.lrfinder.task.ModelSpec;
import java.util.Arrays;

/**
 * Steps per second of a standard architecture on CIFAR-shaped images, for {@code
 * native-scripts/bench-arch} (a step is seconds here, too long for JMH's iterations to mean much):
 * one session, {@code warmup} steps, then {@code steps} timed steps, each reading its loss back as
 * torch-lr-finder does. Prints one JSON object.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.lrfinder.bench.ArchitectureSteps BACKEND MODEL SIDE BATCH STEPS WARMUP THREADS</pre>
 */
public final class ArchitectureSteps {
    private ArchitectureSteps() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            throw new IllegalArgumentException("usage: BACKEND MODEL SIDE BATCH STEPS WARMUP THREADS");
        }
        String backend = args[0];
        ModelSpec model = ModelSpec.defaults(ModelSpec.Kind.byId(args[1]));
        int side = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int threads = Integer.parseInt(args[6]);
        SweepBackend sweeps = Backends.byId(backend);
        SweepConfig config = SweepConfig.builder().optBatchSize(batch).optThreads(threads).build();
        double[] millis = new double[steps];
        double[] loss = new double[1];
        String engine;
        try (SweepSession session = sweeps.open(RgbImages.of(Math.max(4 * batch, 512), side, 1), model, config)) {
            engine = session.info().engine() + " " + session.info().engineVersion();
            for (int i = 0; i < warmup + steps; i++) {
                long start = System.nanoTime();
                session.step(1e-4);
                session.readLosses(loss, 0);
                if (i >= warmup) {
                    millis[i - warmup] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        double median = sorted[steps / 2];
        ObjectNode out = new ObjectMapper().createObjectNode()
                .put("backend", backend).put("engine", engine).put("model", model.describe()).put("side", side)
                .put("batchSize", batch).put("threads", threads).put("steps", steps)
                .put("stepsPerSecond", 1000 / median).put("medianStepMillis", median)
                .put("maxStepMillis", sorted[steps - 1]);
        System.out.println(out);
    }
}
